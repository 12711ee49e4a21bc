import { hashNumber, hashString } from "../hash.js";

/**
 * A number a JavaScript number cannot hold as written: an integer beyond 2^53, or a float (a
 * float `1.0` is not the integer `1`). Two are the same value when their `exact` texts are equal;
 * `text` is how the history wrote it. A plain number is never equal to one of these.
 */
export interface ExactNumberValue {
  readonly exact: string;
  readonly text: string;
}

/** A register's or a key's value: a string or number written, or null (never written, "nil"). */
export type Value = string | number | ExactNumberValue | null;

/** Whether two values are the same: `===`, except that exact numbers compare by their `exact` text. */
export function sameValue(first: Value | undefined, second: Value | undefined): boolean {
  if (first === second) return true;
  if (typeof first !== "object" || typeof second !== "object") return false;
  return first !== null && second !== null && first.exact === second.exact;
}

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
  if (typeof value === "object") return hashString(value.exact);
  return hashString(value);
}

/** Longer strings are described by their start and end: a kv value can grow to megabytes. */
const describedLengthMax = 120;
const describedHeadLength = 40;

/** nil, 3, "text"; a long string as "start…end" with how much was left out. */
export function describeValue(value: Value | undefined): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "number") return String(value);
  if (typeof value === "object") return describeNumberText(value.text);
  if (value.length <= describedLengthMax) return JSON.stringify(value);
  const tailLength = describedLengthMax - describedHeadLength;
  const head = JSON.stringify(value.slice(0, describedHeadLength)).slice(0, -1);
  const tail = JSON.stringify(value.slice(-tailLength)).slice(1);
  return `${head}…(${value.length - describedLengthMax} more)…${tail}`;
}

/** A number's text, shortened as a long string is: a history may hold a 400-digit integer. */
function describeNumberText(text: string): string {
  if (text.length <= describedLengthMax) return text;
  const tailLength = describedLengthMax - describedHeadLength;
  return `${text.slice(0, describedHeadLength)}…(${text.length - describedLengthMax} more)…${text.slice(-tailLength)}`;
}

/** How a cas ended, for descriptions. */
export function describeCasOutcome(output: ModelOutput): string {
  if (output.type === "unknown") return "?";
  return output.applied === false ? "refused" : "ok";
}
