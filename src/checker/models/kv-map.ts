import { hashString, mixHash } from "../hash.js";
import type { Model } from "../model.js";
import {
  describeKvOperation,
  isReadOnlyKvOperation,
  type KvInput,
  type KvValue,
  kvValueStillReadable,
  resetsKvValue,
  stepKvValue,
} from "./kv.js";
import type { ModelOutput } from "./values.js";

/**
 * The whole key-value map as one state: the kv model without partitioning by key, as
 * Porcupine's "kv no partition" tests check it. Much slower than checking per key; it exists
 * to check the checker. The hash is a sum over keys, so a step updates it for one key only.
 */
export interface KvMapState {
  readonly values: ReadonlyMap<string, string>;
  readonly hash: number;
}

const emptyMap: KvMapState = { values: new Map(), hash: 0 };

export const kvMapModel: Model<KvMapState, KvInput, ModelOutput> = {
  name: "kv-unpartitioned",
  init: () => emptyMap,
  step(state, input, output) {
    const before = state.values.get(input.key) ?? null;
    const after = stepKvValue(before, input, output);
    if (after === undefined) return undefined;
    if (after === before) return state;
    const values = new Map(state.values);
    let hash = state.hash;
    if (before !== null) hash -= entryHash(input.key, before);
    if (after === null) values.delete(input.key);
    else {
      values.set(input.key, after);
      hash += entryHash(input.key, after);
    }
    return { values, hash: hash | 0 };
  },
  equal(first, second) {
    if (first === second) return true;
    if (first.hash !== second.hash || first.values.size !== second.values.size) return false;
    for (const [key, value] of first.values) {
      if (second.values.get(key) !== value) return false;
    }
    return true;
  },
  hash: (state) => state.hash,
  readOnly: isReadOnlyKvOperation,
  growth: {
    resets: resetsKvValue,
    stillReadable: (state, input, output) =>
      kvValueStillReadable(state.values.get(input.key) ?? null, input, output),
    group: (input) => input.key,
  },
  describeOperation: describeKvOperation,
  describeState(state) {
    const keys = [...state.values.keys()].sort();
    return `{${keys.map((key) => `${key}: ${JSON.stringify(state.values.get(key))}`).join(", ")}}`;
  },
  estimateStateBytes(state) {
    let bytes = 96;
    for (const value of state.values.values()) bytes += 48 + 2 * value.length;
    return bytes;
  },
};

function entryHash(key: string, value: KvValue): number {
  return mixHash(hashString(key) ^ Math.imul(hashString(value ?? ""), 0x9e3779b1));
}
