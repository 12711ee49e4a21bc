import { hashNumber, hashString } from "../hash.js";

/** A register's or a key's value: a string or number written, or null (never written, "nil"). */
export type Value = string | number | null;

/**
 * The output of a built-in model's operation: `ok` with what it returned (a read's value, a
 * cas's `applied`), or `unknown` when the client never learned the outcome. An unknown
 * operation that changes state is taken to have applied when it could; that is complete because
 * such an operation stays open to the end of the history, where the checker may place it last
 * (or, for a cas that could not apply, anywhere it is a no-op).
 */
export type ModelOutput = { type: "ok"; value?: Value; applied?: boolean } | { type: "unknown" };

export const unknownOutput: ModelOutput = Object.freeze({ type: "unknown" }) as ModelOutput;

export function hashValue(value: Value): number {
  if (value === null) return 0x6e696c;
  if (typeof value === "number") return hashNumber(value);
  return hashString(value);
}

/** Longer strings are described by their start and end: a kv value can grow to megabytes. */
const describedLengthMax = 120;
const describedHeadLength = 40;

/** nil, 3, "text"; a long string as "start…end" with how much was left out. */
export function describeValue(value: Value | undefined): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "number") return String(value);
  if (value.length <= describedLengthMax) return JSON.stringify(value);
  const tailLength = describedLengthMax - describedHeadLength;
  const head = JSON.stringify(value.slice(0, describedHeadLength)).slice(0, -1);
  const tail = JSON.stringify(value.slice(-tailLength)).slice(1);
  return `${head}…(${value.length - describedLengthMax} more)…${tail}`;
}

/** How a cas ended, for descriptions. */
export function describeCasOutcome(output: ModelOutput): string {
  if (output.type === "unknown") return "?";
  return output.applied === false ? "refused" : "ok";
}
