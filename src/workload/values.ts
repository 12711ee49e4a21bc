import type { HistoryValue } from "../history/types.js";

/**
 * Written values are unique per key: each key counts its writes from 1, so a value read tells
 * exactly which write it saw. Registers carry the count itself (a number in the history, its
 * decimal string on the wire); kv writes carry a token `<count>;`, so an appended value still
 * shows every write that built it, in order ("1;3;4;").
 */

export function registerWireValue(value: HistoryValue): string | null {
  if (value === null) return null;
  return typeof value === "number" ? String(value) : (value as string);
}

/**
 * The history value of a register read: the number the workload wrote, or the raw string when
 * it is not one of ours (a corrupted value then shows as itself and fails the check), or null.
 */
export function registerHistoryValue(wire: string | null): HistoryValue {
  if (wire === null) return null;
  return /^(0|[1-9]\d{0,14})$/.test(wire) ? Number(wire) : wire;
}

export function kvToken(count: number): string {
  return `${count};`;
}
