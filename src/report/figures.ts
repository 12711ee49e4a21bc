import type { NodeEvent } from "../history/events.js";
import type { HistoryRecord } from "../history/types.js";
import {
  type FaultWindow,
  faultWindowsOf,
  insideAnyWindow,
  mergeWindows,
  type PairedOperation,
  pairOperations,
} from "./operations.js";
import { quietFigures } from "./quiet-time.js";
import type { AvailabilityFigure, RunFigures } from "./result.js";

const NANOSECONDS_PER_MILLISECOND = 1_000_000;

export interface FiguresInput {
  records: readonly HistoryRecord[];
  events: readonly NodeEvent[];
  /** The fault windows; by default the nemesis records of `records`. */
  faultWindows?: readonly FaultWindow[];
  /** The settling time after each fault that quiet time leaves out; no quiet figures without it. */
  settleMs?: number;
}

/**
 * The summary figures of a run, from its history, events and fault windows. Both a finished
 * run and `raftctl analyze` of a stored (possibly partial) run compute them here, so they agree.
 */
export function computeRunFigures(input: FiguresInput): RunFigures {
  const operations = pairOperations(input.records);
  const faultWindows = input.faultWindows ?? faultWindowsOf(input.records);
  const historyDurationMs = historyEndNs(input) / NANOSECONDS_PER_MILLISECOND;
  const ok = operations.filter((operation) => operation.outcome === "ok");
  const open = operations.filter((operation) => operation.outcome === "open").length;
  const info = operations.filter((operation) => operation.outcome === "info").length + open;
  return {
    operations: {
      total: operations.length,
      ok: ok.length,
      fail: operations.filter((operation) => operation.outcome === "fail").length,
      info,
      open,
    },
    availability: availabilityFigures(operations, faultWindows),
    quiet:
      input.settleMs === undefined
        ? null
        : quietFigures({
            operations,
            events: input.events,
            faultWindows,
            settleMs: input.settleMs,
          }),
    latencyMs: latencyFigures(ok),
    throughputOkPerSecond:
      historyDurationMs > 0 ? roundTo(ok.length / (historyDurationMs / 1000), 3) : 0,
    ...eventFigures(input.events),
    faults: faultWindows.length,
    historyDurationMs: roundTo(historyDurationMs, 3),
  };
}

function historyEndNs(input: FiguresInput): number {
  let endNs = 0;
  for (const record of input.records) endNs = Math.max(endNs, record.timeNs);
  for (const event of input.events) endNs = Math.max(endNs, event.timeNs);
  return endNs;
}

function availabilityFigures(
  operations: readonly PairedOperation[],
  faultWindows: readonly FaultWindow[],
): RunFigures["availability"] {
  const merged = mergeWindows(faultWindows);
  const overall = emptyAvailability();
  const insideFaults = emptyAvailability();
  const outsideFaults = emptyAvailability();
  for (const operation of operations) {
    const group = insideAnyWindow(merged, operation.invokeNs) ? insideFaults : outsideFaults;
    const succeeded = operation.outcome === "ok" ? 1 : 0;
    for (const figure of [overall, group]) {
      figure.total += 1;
      figure.ok += succeeded;
    }
  }
  return {
    overall: withShare(overall),
    insideFaults: withShare(insideFaults),
    outsideFaults: withShare(outsideFaults),
  };
}

function emptyAvailability(): AvailabilityFigure {
  return { ok: 0, total: 0, share: null };
}

function withShare(figure: AvailabilityFigure): AvailabilityFigure {
  return { ...figure, share: figure.total === 0 ? null : roundTo(figure.ok / figure.total, 4) };
}

function latencyFigures(ok: readonly PairedOperation[]): RunFigures["latencyMs"] {
  if (ok.length === 0) return null;
  const latenciesMs = ok
    .map((operation) => ((operation.completeNs ?? operation.invokeNs) - operation.invokeNs) / 1e6)
    .sort((left, right) => left - right);
  return {
    p50: roundTo(nearestRank(latenciesMs, 0.5), 3),
    p99: roundTo(nearestRank(latenciesMs, 0.99), 3),
    max: roundTo(latenciesMs[latenciesMs.length - 1]!, 3),
  };
}

/** The nearest-rank percentile of sorted values: the smallest value with at least `fraction` of all at or below it. */
export function nearestRank(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) throw new Error("nearestRank of no values");
  const rank = Math.max(1, Math.ceil(fraction * sortedValues.length));
  return sortedValues[Math.min(rank, sortedValues.length) - 1]!;
}

function eventFigures(
  events: readonly NodeEvent[],
): Pick<
  RunFigures,
  "elections" | "maxTerm" | "events" | "nodeCrashes" | "nodeRestarts" | "nodePauses"
> {
  const leaderTerms = new Set<string>();
  let maxTerm = 0;
  const counts = { crash: 0, restart: 0, pause: 0 };
  for (const event of events) {
    if (event.type === "role") {
      maxTerm = Math.max(maxTerm, event.term);
      if (event.role === "leader") leaderTerms.add(`${event.node}\u0000${event.term}`);
    } else if (event.type === "persist") {
      maxTerm = Math.max(maxTerm, event.hardState.term);
    } else if (event.type === "crash" || event.type === "restart" || event.type === "pause") {
      counts[event.type] += 1;
    }
  }
  return {
    elections: leaderTerms.size,
    maxTerm,
    events: events.length,
    nodeCrashes: counts.crash,
    nodeRestarts: counts.restart,
    nodePauses: counts.pause,
  };
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
