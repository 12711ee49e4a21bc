import {
  type CheckResult,
  checkOperations,
  keyedModel,
  type ModelOutput,
  type Operation,
  type RegisterInput,
  registerModel,
} from "../../checker/index.js";
import type { NodeEvent } from "../../history/events.js";
import type { ClientRecord, HistoryRecord, NemesisRecord } from "../../history/types.js";
import { computeRunFigures } from "../figures.js";
import { pairOperations } from "../operations.js";
import type { RunResult } from "../result.js";
import { sampleResult } from "./sample-runs.js";

/**
 * A synthetic register run, deterministic from its options: five nodes, a leader partition, a
 * crash and a network fault, clients writing and reading keys that retire after a bounded
 * number of operations (as the workload does). Each key's operations never overlap, and a read
 * returns the last acknowledged write, so the history is linearizable — unless `staleReadAt`
 * names an operation whose read is made to return an older value.
 */

export interface SyntheticRunOptions {
  operationsPerSecond: number;
  durationMs: number;
  clients?: number;
  keysAtOnce?: number;
  operationsPerKey?: number;
  /** Index (0-based) of an operation made a read that succeeds, even inside a fault, with a value never written: its key becomes illegal. */
  staleReadAt?: number;
}

export interface SyntheticRun {
  records: HistoryRecord[];
  events: NodeEvent[];
  nodes: string[];
}

const MS = 1_000_000;
const NODES = ["n1", "n2", "n3", "n4", "n5"];

export function syntheticRun(options: SyntheticRunOptions): SyntheticRun {
  const clients = options.clients ?? 10;
  const keysAtOnce = options.keysAtOnce ?? 8;
  const operationsPerKey = options.operationsPerKey ?? 50;
  const intervalMs = 1000 / options.operationsPerSecond;
  const count = Math.floor((options.durationMs / 1000) * options.operationsPerSecond);
  const faults = faultPlan(options.durationMs);
  const records: HistoryRecord[] = [];
  const lastWritten = new Map<string, string | null>();
  const processOfClient = Array.from({ length: clients }, (_, client) => client);
  const pending: ClientRecord[] = [];
  for (let operation = 0; operation < count; operation++) {
    const client = operation % clients;
    const generation = Math.floor(operation / (keysAtOnce * operationsPerKey));
    const key = `k${operation % keysAtOnce}-${generation}`;
    const invokeNs = Math.round(operation * intervalMs * MS);
    // Latency stays below the gap between two operations on one key, so they never overlap.
    const latencyNs = Math.round(
      ((1 + ((operation * 7919) % 23)) / 24) * keysAtOnce * intervalMs * MS * 0.9,
    );
    const inFault = faults.some((fault) => fault.timeNs <= invokeNs && invokeNs < fault.endNs);
    const outcome =
      !inFault || operation === options.staleReadAt
        ? "ok"
        : operation % 3 === 0
          ? "fail"
          : operation % 3 === 1
            ? "info"
            : "ok";
    // Per key, operations alternate write, read, write...; the stale read is always a read.
    const isWrite =
      operation !== options.staleReadAt && Math.floor(operation / keysAtOnce) % 2 === 0;
    const process = processOfClient[client]!;
    const previous = lastWritten.get(key) ?? null;
    const invokeValue = isWrite ? `${key}-v${operation}` : null;
    const invoke: ClientRecord = {
      index: 0,
      type: "invoke",
      process,
      f: isWrite ? "write" : "read",
      key,
      value: invokeValue,
      timeNs: invokeNs,
    };
    const stale = operation === options.staleReadAt && !isWrite && outcome === "ok";
    const okValue = isWrite ? invokeValue : stale ? "never-written" : previous;
    const completion: ClientRecord = {
      ...invoke,
      type: outcome,
      timeNs: invokeNs + latencyNs,
      value: outcome === "ok" ? okValue : invokeValue,
    };
    if (outcome !== "ok") completion.error = outcome === "fail" ? "not-leader" : "timeout";
    if (isWrite && outcome === "ok") lastWritten.set(key, invokeValue);
    if (outcome === "info") processOfClient[client] = process + clients;
    records.push(invoke);
    pending.push(completion);
  }
  records.push(...pending, ...faults);
  records.sort((left, right) => left.timeNs - right.timeNs || completionFirst(left, right));
  records.forEach((record, index) => {
    record.index = index;
  });
  return { records, events: nodeEvents(options.durationMs), nodes: [...NODES] };
}

function completionFirst(left: HistoryRecord, right: HistoryRecord): number {
  return (left.type === "invoke" ? 1 : 0) - (right.type === "invoke" ? 1 : 0);
}

function faultPlan(durationMs: number): NemesisRecord[] {
  const at = (fraction: number) => Math.round(durationMs * fraction * MS);
  return [
    {
      index: 0,
      type: "info",
      process: "nemesis",
      f: "partition",
      value: { shape: "isolate-leader", groups: [["n1"], ["n2", "n3", "n4", "n5"]] },
      timeNs: at(0.2),
      endNs: at(0.35),
    },
    {
      index: 0,
      type: "info",
      process: "nemesis",
      f: "crash",
      value: ["n3"],
      timeNs: at(0.5),
      endNs: at(0.6),
    },
    {
      index: 0,
      type: "info",
      process: "nemesis",
      f: "network",
      value: { drop: 0.1 },
      timeNs: at(0.75),
      endNs: at(0.85),
    },
  ];
}

function nodeEvents(durationMs: number): NodeEvent[] {
  const at = (fraction: number) => Math.round(durationMs * fraction * MS);
  const events: NodeEvent[] = [];
  const role = (
    timeNs: number,
    node: string,
    which: "follower" | "candidate" | "leader",
    term: number,
  ) => events.push({ timeNs, node, type: "role", role: which, term });
  for (const node of NODES) role(at(0), node, "follower", 0);
  role(at(0.01), "n1", "candidate", 1);
  role(at(0.015), "n1", "leader", 1);
  for (const node of NODES.slice(1)) role(at(0.015), node, "follower", 1);
  role(at(0.23), "n2", "candidate", 2);
  role(at(0.235), "n2", "leader", 2);
  for (const node of ["n3", "n4", "n5"]) role(at(0.235), node, "follower", 2);
  role(at(0.36), "n1", "follower", 2);
  events.push({
    timeNs: at(0.5),
    node: "n3",
    type: "crash",
    loseUnsynced: false,
    tornWrite: false,
  });
  events.push({ timeNs: at(0.6), node: "n3", type: "restart", wiped: false });
  role(at(0.6), "n3", "follower", 2);
  events.push({ timeNs: at(0.9), node: "n5", type: "pause" });
  events.push({ timeNs: at(0.95), node: "n5", type: "resume" });
  return events.sort((left, right) => left.timeNs - right.timeNs);
}

/** Checks a register history with the real checker, fail operations left out as DESIGN.md says. */
export function checkRegisterHistory(records: readonly HistoryRecord[]): CheckResult {
  const operations: Operation<RegisterInput & { key: string }, ModelOutput>[] = [];
  for (const operation of pairOperations(records)) {
    if (operation.outcome === "fail") continue;
    const input: RegisterInput & { key: string } =
      operation.f === "write"
        ? { f: "write", key: operation.key, value: operation.input as string }
        : { f: "read", key: operation.key };
    const known = operation.outcome === "ok";
    operations.push({
      clientId: operation.process,
      input,
      callTime: operation.invokeNs,
      output: known
        ? { type: "ok", value: operation.output as string | null }
        : { type: "unknown" },
      returnTime: known ? operation.completeNs : null,
    });
  }
  return checkOperations(keyedModel(registerModel), operations, {
    linearizations: true,
    timeoutMs: 20_000,
  });
}

/** The run's result for a synthetic history and its check, as the run would fill it in. */
export function syntheticResult(
  run: SyntheticRun,
  check: CheckResult,
  overrides: Partial<RunResult> = {},
): RunResult {
  const illegal = check.partitions.filter((partition) => partition.verdict === "illegal");
  const linearizable = check.verdict === "ok";
  return sampleResult({
    verdict: linearizable ? "pass" : "fail",
    exitCode: linearizable ? 0 : 1,
    expectationMet: linearizable,
    checks: [
      {
        name: "linearizability",
        verdict: linearizable ? "pass" : check.verdict === "illegal" ? "fail" : "unknown",
        reason: linearizable
          ? `${check.partitions.length} keys linearizable`
          : `${illegal.map((p) => p.label).join(", ")} not linearizable`,
        details: { illegalKeys: illegal.map((partition) => partition.label) },
      },
      { name: "invariants", verdict: "pass", reason: "all invariants held" },
    ],
    figures: computeRunFigures({ records: run.records, events: run.events }),
    ...overrides,
  });
}
