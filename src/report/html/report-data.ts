import type { NodeEvent } from "../../history/events.js";
import type { HistoryRecord } from "../../history/types.js";
import {
  type FaultWindow,
  faultWindowsOf,
  type PairedOperation,
  pairOperations,
} from "../operations.js";
import type { RunResult } from "../result.js";
import { type NodeState, nodeTimelines } from "./node-timeline.js";

/**
 * The data the page draws from, embedded once as a JSON blob. Arrays are columnar and numbers
 * rounded so a 60 s run at 200 operations/s stays a few hundred kilobytes.
 */

/** Beyond this many operations the page shows every non-ok one and a regular sample of the ok ones. */
export const OPERATION_POINTS_MAX = 30_000;
/** The throughput chart has about this many buckets at most. */
const THROUGHPUT_BUCKETS_TARGET = 120;

export const OUTCOME_CODES = { ok: 0, fail: 1, info: 2, open: 3 } as const;
const STATE_CODES: Record<NodeState, number> = {
  follower: 0,
  "pre-candidate": 1,
  candidate: 2,
  leader: 3,
  down: 4,
  paused: 5,
};

export interface ReportData {
  result: RunResult;
  /** The end of the time axis: the last record, event or fault end. */
  endMs: number;
  /** Per node: [startMs, stateCode, term] triples flattened (state codes: STATE_CODES). */
  timeline: { node: string; segments: number[]; truncated: boolean }[];
  /** [startMs, endMs, label, kind] */
  faults: [number, number, string, string][];
  operations: {
    /** Invocation times (ms), ascending. */
    invokeMs: number[];
    latencyMs: number[];
    /** OUTCOME_CODES */
    outcome: number[];
    process: number[];
    /** Index into `keys`. */
    key: number[];
    /** Index into `functions`. */
    f: number[];
    keys: string[];
    functions: string[];
    /** How many operations the history had; more than `invokeMs.length` when sampled. */
    totalCount: number;
  };
  throughput: { bucketMs: number; ok: number[]; fail: number[]; info: number[] };
}

export interface ReportDataInput {
  result: RunResult;
  records: readonly HistoryRecord[];
  events: readonly NodeEvent[];
  nodes?: readonly string[];
  faultWindows?: readonly FaultWindow[];
}

export function buildReportData(input: ReportDataInput): ReportData {
  const operations = pairOperations(input.records);
  const faultWindows = input.faultWindows ?? faultWindowsOf(input.records);
  const endMs = timeAxisEndMs(input, operations, faultWindows);
  return {
    result: input.result,
    endMs,
    timeline: nodeTimelines(input.events, input.nodes ?? []).map((timeline) => ({
      node: timeline.node,
      segments: timeline.segments.flatMap((segment) => [
        round(segment.startMs, 3),
        STATE_CODES[segment.state],
        segment.term,
      ]),
      truncated: timeline.truncated,
    })),
    faults: faultWindows.map((window) => [
      round(window.startNs / 1e6, 3),
      round(window.endNs / 1e6, 3),
      window.label,
      window.kind,
    ]),
    operations: operationColumns(operations, endMs),
    throughput: throughputBuckets(operations, endMs),
  };
}

function timeAxisEndMs(
  input: ReportDataInput,
  operations: readonly PairedOperation[],
  faultWindows: readonly FaultWindow[],
): number {
  let endNs = 0;
  for (const record of input.records) endNs = Math.max(endNs, record.timeNs);
  for (const event of input.events) endNs = Math.max(endNs, event.timeNs);
  for (const window of faultWindows) endNs = Math.max(endNs, window.endNs);
  for (const operation of operations) endNs = Math.max(endNs, operation.completeNs ?? 0);
  return round(endNs / 1e6, 3);
}

function operationColumns(
  operations: readonly PairedOperation[],
  endMs: number,
): ReportData["operations"] {
  const shown = sampleOperations(operations);
  const keys = new Map<string, number>();
  const functions = new Map<string, number>();
  const indexIn = (table: Map<string, number>, name: string): number => {
    let index = table.get(name);
    if (index === undefined) {
      index = table.size;
      table.set(name, index);
    }
    return index;
  };
  const columns: ReportData["operations"] = {
    invokeMs: [],
    latencyMs: [],
    outcome: [],
    process: [],
    key: [],
    f: [],
    keys: [],
    functions: [],
    totalCount: operations.length,
  };
  for (const operation of shown) {
    const invokeMs = operation.invokeNs / 1e6;
    // An open operation has no end: it is drawn as lasting to the end of the history.
    const completeMs = operation.completeNs === null ? endMs : operation.completeNs / 1e6;
    columns.invokeMs.push(round(invokeMs, 3));
    columns.latencyMs.push(round(Math.max(0, completeMs - invokeMs), 3));
    columns.outcome.push(OUTCOME_CODES[operation.outcome]);
    columns.process.push(operation.process);
    columns.key.push(indexIn(keys, operation.key));
    columns.f.push(indexIn(functions, operation.f));
  }
  columns.keys = [...keys.keys()];
  columns.functions = [...functions.keys()];
  return columns;
}

/**
 * Every operation while they fit; beyond that every non-ok one (those are what a reader looks
 * for) and every n-th ok one, so the picture keeps its shape and the page its size.
 */
function sampleOperations(operations: readonly PairedOperation[]): PairedOperation[] {
  const sorted = [...operations].sort((left, right) => left.invokeNs - right.invokeNs);
  if (sorted.length <= OPERATION_POINTS_MAX) return sorted;
  const notOk = sorted.filter((operation) => operation.outcome !== "ok").length;
  const okBudget = Math.max(1, OPERATION_POINTS_MAX - notOk);
  const okCount = sorted.length - notOk;
  const stride = Math.ceil(okCount / okBudget);
  let okSeen = 0;
  return sorted.filter((operation) => {
    if (operation.outcome !== "ok") return true;
    okSeen += 1;
    return okSeen % stride === 0;
  });
}

function throughputBuckets(
  operations: readonly PairedOperation[],
  endMs: number,
): ReportData["throughput"] {
  const bucketMs = niceBucketMs(endMs / THROUGHPUT_BUCKETS_TARGET);
  const bucketCount = Math.max(1, Math.ceil(endMs / bucketMs));
  const counts = {
    ok: new Array<number>(bucketCount).fill(0),
    fail: new Array<number>(bucketCount).fill(0),
    info: new Array<number>(bucketCount).fill(0),
  };
  for (const operation of operations) {
    if (operation.completeNs === null) continue;
    const bucket = Math.min(bucketCount - 1, Math.floor(operation.completeNs / 1e6 / bucketMs));
    const outcome = operation.outcome === "open" ? "info" : operation.outcome;
    counts[outcome][bucket]! += 1;
  }
  return { bucketMs, ...counts };
}

/** The smallest of 1, 2, 5 x 10^k milliseconds that is at least `minimumMs` (and at least 1 ms). */
export function niceBucketMs(minimumMs: number): number {
  let scale = 1;
  const scaleMax = 1e9;
  while (scale < scaleMax) {
    for (const step of [1, 2, 5]) {
      if (step * scale >= minimumMs) return step * scale;
    }
    scale *= 10;
  }
  return scaleMax;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
