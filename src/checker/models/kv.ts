import type { Model } from "../model.js";
import { describeCasOutcome, describeValue, hashValue, type ModelOutput } from "./values.js";

/** A key's value in the kv model: a string, or null for a key never written. */
export type KvValue = string | null;

export type KvInput =
  | { f: "get"; key: string }
  | { f: "put"; key: string; value: string }
  | { f: "append"; key: string; value: string }
  | { f: "cas"; key: string; from: KvValue; to: string };

/**
 * One key of a key-value store (use it through `keyedModel`, or `kvMapModel` for the whole
 * map). get returns the value; put sets it; append concatenates; cas as the cas-register.
 * A key never written reads as nil or as the empty string (Porcupine's corpus and some
 * stores write it as ""); once it holds "", it reads only as "".
 */
export const kvKeyModel: Model<KvValue, KvInput, ModelOutput> = {
  name: "kv",
  init: () => null,
  step: stepKvValue,
  equal: (first, second) => first === second,
  hash: hashValue,
  describeOperation: describeKvOperation,
  describeState: describeValue,
  estimateStateBytes: (state) => 32 + 2 * (state?.length ?? 0),
};

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

export function describeKvOperation(input: KvInput, output: ModelOutput): string {
  switch (input.f) {
    case "get":
      return `get ${input.key} -> ${output.type === "unknown" ? "?" : describeValue(output.value)}`;
    case "put":
      return `put ${input.key} ${describeValue(input.value)}${output.type === "unknown" ? " ?" : ""}`;
    case "append":
      return `append ${input.key} ${describeValue(input.value)}${output.type === "unknown" ? " ?" : ""}`;
    case "cas":
      return `cas ${input.key} ${describeValue(input.from)}->${describeValue(input.to)} ${describeCasOutcome(output)}`;
  }
}
