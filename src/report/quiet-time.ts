import type { NodeEvent } from "../history/events.js";
import { type FaultWindow, mergeWindows, type PairedOperation, windowAt } from "./operations.js";
import type { QuietFigures } from "./result.js";

const NANOSECONDS_PER_MILLISECOND = 1_000_000;

/**
 * Quiet time: when no fault is active and the cluster has had time to settle. It starts
 * `settleNs` after the workload starts (the first election) and after each fault ends, and
 * lasts until the next fault starts or observation ends. A correct Raft must serve and keep its
 * leader there; inside faults and just after them it may rightly refuse or re-elect.
 */
export function quietWindows(input: {
  faultWindows: readonly FaultWindow[];
  settleNs: number;
  /** When the workload started (the first client record). */
  startNs: number;
  /** When observation ends (the last client record). */
  endNs: number;
}): [number, number][] {
  const quiet: [number, number][] = [];
  let startNs = input.startNs + input.settleNs;
  for (const [faultStartNs, faultEndNs] of mergeWindows(input.faultWindows)) {
    const endNs = Math.min(faultStartNs, input.endNs);
    if (endNs > startNs) quiet.push([startNs, endNs]);
    startNs = Math.max(startNs, faultEndNs + input.settleNs);
  }
  if (input.endNs > startNs) quiet.push([startNs, input.endNs]);
  return quiet;
}

/**
 * Availability and elections in quiet time: operations that ran wholly inside it (invoked and
 * answered in the same quiet stretch; one still open counts at its invocation) and how many
 * succeeded, and leaders elected in it (distinct node and term whose `role: leader` event falls
 * in it). Faults are the nemesis windows and the times a node was really down or paused.
 */
export function quietFigures(input: {
  operations: readonly PairedOperation[];
  events: readonly NodeEvent[];
  faultWindows: readonly FaultWindow[];
  settleMs: number;
}): QuietFigures {
  const endNs = lastClientRecordNs(input.operations);
  const windows = quietWindows({
    faultWindows: [...input.faultWindows, ...nodeDownWindows(input.events, endNs)],
    settleNs: input.settleMs * NANOSECONDS_PER_MILLISECOND,
    startNs: input.operations[0]?.invokeNs ?? 0,
    endNs,
  });
  let total = 0;
  let ok = 0;
  for (const operation of input.operations) {
    if (!withinOneWindow(windows, operation)) continue;
    total += 1;
    if (operation.outcome === "ok") ok += 1;
  }
  const leaderTerms = new Set<string>();
  for (const event of input.events) {
    if (event.type !== "role" || event.role !== "leader") continue;
    if (windowAt(windows, event.timeNs) !== null)
      leaderTerms.add(`${event.node}\u0000${event.term}`);
  }
  const durationNs = windows.reduce((sum, [startNs, stopNs]) => sum + (stopNs - startNs), 0);
  const durationMs = durationNs / NANOSECONDS_PER_MILLISECOND;
  return {
    settleMs: input.settleMs,
    durationMs: Math.round(durationMs),
    windows: windows.length,
    operations: { ok, total, share: total === 0 ? null : Math.round((ok / total) * 1e4) / 1e4 },
    elections: leaderTerms.size,
    electionsPerMinute:
      durationMs > 0 ? Math.round((leaderTerms.size / (durationMs / 60_000)) * 100) / 100 : null,
  };
}

/**
 * When each node was really down or paused, from its `crash`/`restart` and `pause`/`resume`
 * events. A nemesis record says when a restart was asked for; in process mode the node is back
 * only once its process has started and read its log, which on a busy machine is later.
 */
export function nodeDownWindows(events: readonly NodeEvent[], endNs: number): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const downSince = new Map<string, { startNs: number; kind: string }>();
  for (const event of events) {
    if (event.type === "crash" || event.type === "pause") {
      if (!downSince.has(event.node)) {
        downSince.set(event.node, { startNs: event.timeNs, kind: event.type });
      }
    } else if (event.type === "restart" || event.type === "resume") {
      const down = downSince.get(event.node);
      if (down === undefined) continue;
      downSince.delete(event.node);
      windows.push(downWindow(event.node, down, event.timeNs));
    }
  }
  for (const [node, down] of downSince) windows.push(downWindow(node, down, endNs));
  return windows;
}

function downWindow(node: string, down: { startNs: number; kind: string }, endNs: number) {
  return {
    startNs: down.startNs,
    endNs: Math.max(down.startNs, endNs),
    label: `${down.kind} ${node}`,
    kind: down.kind,
  };
}

function withinOneWindow(windows: readonly [number, number][], operation: PairedOperation) {
  const window = windowAt(windows, operation.invokeNs);
  return window !== null && (operation.completeNs ?? operation.invokeNs) <= window[1];
}

function lastClientRecordNs(operations: readonly PairedOperation[]): number {
  let endNs = 0;
  for (const operation of operations) {
    endNs = Math.max(endNs, operation.completeNs ?? operation.invokeNs);
  }
  return endNs;
}
