import type { Model } from "../model.js";
import { describeCasOutcome, describeValue, type ModelOutput } from "./values.js";

/** A key's value in the kv model: a string, or null for a key never written. */
export type KvValue = string | null;

export type KvInput =
  | { f: "get"; key: string }
  | { f: "put"; key: string; value: string }
  | { f: "append"; key: string; value: string }
  | { f: "cas"; key: string; from: KvValue; to: string };

/**
 * A key's state: its value and a polynomial hash of it. Values grow with every append, so
 * hashing a whole value per step would cost its length; the polynomial hash of `a + b` comes
 * from the hash of `a` and of `b` alone, so an append costs the length of what it appends.
 */
export interface KvKeyState {
  readonly value: KvValue;
  readonly hash: number;
}

const nullHash = 0x6e696c;
const base = 0x01000193;
const initialKeyState: KvKeyState = { value: null, hash: nullHash };

/**
 * One key of a key-value store (use it through `keyedModel`, or `kvMapModel` for the whole
 * map). get returns the value; put sets it; append concatenates; cas as the cas-register.
 * A key never written reads as nil or as the empty string (Porcupine's corpus and some
 * stores write it as ""); once it holds "", it reads only as "".
 */
export const kvKeyModel: Model<KvKeyState, KvInput, ModelOutput> = {
  name: "kv",
  init: () => initialKeyState,
  step(state, input, output) {
    const value = stepKvValue(state.value, input, output);
    if (value === undefined) return undefined;
    if (value === state.value) return state;
    if (input.f === "append" && state.value !== null) {
      return { value, hash: appendHash(state.hash, input.value) };
    }
    return { value, hash: value === null ? nullHash : appendHash(0, value) };
  },
  equal: (first, second) =>
    first === second || (first.hash === second.hash && first.value === second.value),
  hash: (state) => state.hash,
  readOnly: isReadOnlyKvOperation,
  growth: {
    resets: resetsKvValue,
    stillReadable: (state, input, output) => kvValueStillReadable(state.value, input, output),
    readableAfterReset: kvReadableAfterReset,
    readsFollow: kvReadsFollow,
  },
  describeOperation: describeKvOperation,
  describeState: (state) => describeValue(state.value),
  estimateStateBytes: (state) => 64 + 2 * (state.value?.length ?? 0),
};

/** The polynomial hash of `prefix + suffix`, given the hash of `prefix`. */
function appendHash(prefixHash: number, suffix: string): number {
  let hash = prefixHash;
  for (let index = 0; index < suffix.length; index++) {
    hash = (Math.imul(hash, base) + suffix.charCodeAt(index)) | 0;
  }
  return hash;
}

export function stepKvValue(
  state: KvValue,
  input: KvInput,
  output: ModelOutput,
): KvValue | undefined {
  switch (input.f) {
    case "get":
      if (output.type === "unknown") return state;
      return readMatches(state, output.value) ? state : undefined;
    case "put":
      return input.value;
    case "append":
      return (state ?? "") + input.value;
    case "cas": {
      const matches = state === input.from;
      if (output.type === "unknown") return matches ? input.to : state;
      if (output.applied === false) return matches ? undefined : state;
      return matches ? input.to : undefined;
    }
  }
}

function readMatches(state: KvValue, returned: unknown): boolean {
  if (returned === state) return true;
  return state === null && returned === "";
}

/** A put or a cas that may apply can set a key to anything; appends only extend it. */
export function resetsKvValue(input: KvInput, output: ModelOutput): boolean {
  return (
    input.f === "put" || (input.f === "cas" && !(output.type === "ok" && output.applied === false))
  );
}

/**
 * Could a get (or refused cas) be legal once appends have grown `value`? A get needs
 * `value` to be a prefix of what it returned (a never-written key can grow into any string).
 */
export function kvValueStillReadable(value: KvValue, input: KvInput, output: ModelOutput): boolean {
  if (input.f !== "get" || output.type === "unknown") return true;
  const returned = output.value;
  if (value === null) return returned === null || typeof returned === "string";
  return typeof returned === "string" && returned.startsWith(value);
}

/** Could a get be legal once `reset` (a put, or a cas that applied) set the value and appends grew it? */
export function kvReadableAfterReset(
  resetInput: KvInput,
  _resetOutput: ModelOutput,
  readInput: KvInput,
  readOutput: ModelOutput,
): boolean {
  if (resetInput.f === "put") return kvValueStillReadable(resetInput.value, readInput, readOutput);
  if (resetInput.f === "cas") return kvValueStillReadable(resetInput.to, readInput, readOutput);
  return true;
}

/** Could `later` be legal once appends grew the value an earlier get returned? (Any state can follow a refused cas.) */
export function kvReadsFollow(
  earlierInput: KvInput,
  earlierOutput: ModelOutput,
  laterInput: KvInput,
  laterOutput: ModelOutput,
): boolean {
  if (earlierInput.f !== "get" || earlierOutput.type !== "ok") return true;
  const earlierValue = earlierOutput.value;
  if (earlierValue !== null && typeof earlierValue !== "string") return true;
  return kvValueStillReadable(earlierValue ?? null, laterInput, laterOutput);
}

/** A get with a known value, or a refused cas: legal only where it changes nothing. */
export function isReadOnlyKvOperation(input: KvInput, output: ModelOutput): boolean {
  if (output.type === "unknown") return false;
  return input.f === "get" || (input.f === "cas" && output.applied === false);
}

export function describeKvOperation(input: KvInput, output: ModelOutput): string {
  const unknown = output.type === "unknown" ? " ?" : "";
  switch (input.f) {
    case "get":
      return `get ${input.key} -> ${output.type === "unknown" ? "?" : describeValue(output.value)}`;
    case "put":
      return `put ${input.key} ${describeValue(input.value)}${unknown}`;
    case "append":
      return `append ${input.key} ${describeValue(input.value)}${unknown}`;
    case "cas":
      return `cas ${input.key} ${describeValue(input.from)}->${describeValue(input.to)} ${describeCasOutcome(output)}`;
  }
}
