import type { ClientRecord, HistoryRecord, HistoryValue, NemesisRecord } from "../history/types.js";

/**
 * Client operations and fault windows as the report sees them: each invocation paired with how
 * it ended. A process has at most one operation outstanding (DESIGN.md, "Histories"), so the
 * completion that follows an invocation on the same process is its own.
 */

export type OperationOutcome = "ok" | "fail" | "info" | "open";

export interface PairedOperation {
  process: number;
  f: ClientRecord["f"];
  key: string;
  /** What it asked (the invoke's value). */
  input: HistoryValue;
  /** What it returned, for `ok`; null otherwise. */
  output: HistoryValue;
  invokeNs: number;
  /** When the client learnt the outcome; null for an operation still open when the history ended. */
  completeNs: number | null;
  /** `open`: no completion was recorded (a run cut short); it counts as `info`. */
  outcome: OperationOutcome;
  error: string | null;
}

export interface FaultWindow {
  startNs: number;
  endNs: number;
  /** "partition isolate-leader", "crash n2", ... */
  label: string;
  /** The nemesis fault name (`f`). */
  kind: string;
}

function isNemesis(record: HistoryRecord): record is NemesisRecord {
  return record.process === "nemesis";
}

/** Pairs invocations with completions, in invocation order. */
export function pairOperations(records: readonly HistoryRecord[]): PairedOperation[] {
  const operations: PairedOperation[] = [];
  const pendingByProcess = new Map<number, PairedOperation>();
  for (const record of records) {
    if (isNemesis(record)) continue;
    if (record.type === "invoke") {
      const operation = openOperation(record);
      pendingByProcess.set(record.process, operation);
      operations.push(operation);
      continue;
    }
    const pending = pendingByProcess.get(record.process);
    // A completion without an invocation is a malformed history; the history reader rejects
    // those, so here it is only skipped rather than guessed at.
    if (pending === undefined) continue;
    pendingByProcess.delete(record.process);
    pending.completeNs = record.timeNs;
    pending.outcome = record.type;
    pending.output = record.type === "ok" ? record.value : null;
    pending.error = record.error ?? null;
  }
  return operations;
}

function openOperation(record: ClientRecord): PairedOperation {
  return {
    process: record.process,
    f: record.f,
    key: record.key,
    input: record.value,
    output: null,
    invokeNs: record.timeNs,
    completeNs: null,
    outcome: "open",
    error: null,
  };
}

/** The nemesis actions as time windows, in start order. */
export function faultWindowsOf(records: readonly HistoryRecord[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  for (const record of records) {
    if (!isNemesis(record)) continue;
    windows.push({
      startNs: record.timeNs,
      endNs: Math.max(record.timeNs, record.endNs),
      label: faultLabel(record),
      kind: record.f,
    });
  }
  return windows.sort((left, right) => left.startNs - right.startNs);
}

/** A short label for a nemesis action: its fault and a compact rendering of its targets. */
export function faultLabel(record: Pick<NemesisRecord, "f" | "value">): string {
  const target = describeTarget(record.value);
  return target === "" ? record.f : `${record.f} ${target}`;
}

function describeTarget(value: unknown): string {
  const text = describeValue(value, 0);
  // Targets can be large (explicit link lists); a label only needs to be recognisable.
  const labelCharsMax = 60;
  return text.length > labelCharsMax ? `${text.slice(0, labelCharsMax - 1)}…` : text;
}

/**
 * Targets the way people write them: `isolate-leader n1 | n2,n3` rather than JSON. An object's
 * shape and whom it hits come first and bare (groups rather than targets when both are there);
 * flags that are on are named, flags that are off left out; other fields as `name=value`. The
 * nemesis's own bookkeeping (`action`, its index in the schedule) is left out.
 */
function describeValue(value: unknown, depth: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (depth > 3) return "…";
  if (Array.isArray(value)) {
    const separator = value.some((item) => Array.isArray(item)) ? " | " : ",";
    return value.map((item) => describeValue(item, depth + 1)).join(separator);
  }
  const fields = value as Record<string, unknown>;
  const bareNames = ["shape", "target", "kind", "groups", "node", "nodes"];
  if (!("groups" in fields)) bareNames.push("targets");
  const parts = bareNames.map((name) => describeValue(fields[name], depth + 1));
  for (const [name, field] of Object.entries(fields)) {
    if (bareNames.includes(name) || name === "action" || name === "targets") continue;
    if (typeof field === "boolean") {
      if (field) parts.push(name);
      continue;
    }
    const text = describeValue(field, depth + 1);
    if (text !== "") parts.push(`${name}=${text}`);
  }
  return parts.filter((part) => part !== "").join(" ");
}

/**
 * Whether `timeNs` lies inside any window, over windows merged and sorted by `mergeWindows`.
 * Binary search, so classifying every operation stays O(n log w).
 */
export function insideAnyWindow(merged: readonly [number, number][], timeNs: number): boolean {
  return windowAt(merged, timeNs) !== null;
}

/** The interval of disjoint, sorted [start, end) intervals that holds `timeNs`; null when none does. */
export function windowAt(
  merged: readonly [number, number][],
  timeNs: number,
): readonly [number, number] | null {
  let low = 0;
  let high = merged.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const window = merged[middle]!;
    if (timeNs < window[0]) high = middle - 1;
    else if (timeNs >= window[1]) low = middle + 1;
    else return window;
  }
  return null;
}

/** Merges overlapping windows into disjoint, sorted [start, end) intervals; empty windows vanish. */
export function mergeWindows(windows: readonly FaultWindow[]): [number, number][] {
  const sorted = windows
    .filter((window) => window.endNs > window.startNs)
    .map((window): [number, number] => [window.startNs, window.endNs])
    .sort((left, right) => left[0] - right[0]);
  const merged: [number, number][] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([interval[0], interval[1]]);
  }
  return merged;
}
