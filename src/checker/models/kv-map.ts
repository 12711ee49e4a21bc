import { mixHash } from "../hash.js";
import type { Model } from "../model.js";
import {
  describeKvOperation,
  isReadOnlyKvOperation,
  type KvInput,
  type KvKeyState,
  kvKeyModel,
  kvReadableAfterReset,
  kvReadsFollow,
  kvValueStillReadable,
  resetsKvValue,
} from "./kv.js";
import { describeValue, type ModelOutput } from "./values.js";

/**
 * The whole key-value map as one state: the kv model without partitioning by key, as
 * Porcupine's "kv no partition" tests check it — much slower than checking per key; it exists
 * to check the checker. Keys are numbered as the model first meets them, and a state is an
 * array of per-key states (`kvKeyModel`'s, with their incremental hashes) indexed by that
 * number, so a step copies a few pointers and updates the hash for one key only.
 */
export interface KvMapState {
  /** By key number; undefined for a key never written. */
  readonly values: readonly (KvKeyState | undefined)[];
  readonly hash: number;
}

/** A fresh kv-unpartitioned model (each has its own key numbering). */
export function createKvMapModel(): Model<KvMapState, KvInput, ModelOutput> {
  const keyNumbers = new Map<string, number>();
  const keyNames: string[] = [];
  const keyNumber = (key: string): number => {
    let number = keyNumbers.get(key);
    if (number === undefined) {
      number = keyNames.length;
      keyNumbers.set(key, number);
      keyNames.push(key);
    }
    return number;
  };
  const keyState = (state: KvMapState, key: string): KvKeyState =>
    state.values[keyNumber(key)] ?? kvKeyModel.init();
  return {
    name: "kv-unpartitioned",
    init: () => ({ values: [], hash: 0 }),
    step(state, input, output) {
      const number = keyNumber(input.key);
      const before = state.values[number];
      const after = kvKeyModel.step(before ?? kvKeyModel.init(), input, output);
      if (after === undefined) return undefined;
      if (after === before || (before === undefined && after.value === null)) return state;
      const values = state.values.slice();
      values[number] = after;
      const hash = state.hash - (before ? entryHash(number, before) : 0) + entryHash(number, after);
      return { values, hash: hash | 0 };
    },
    equal(first, second) {
      if (first === second) return true;
      if (first.hash !== second.hash) return false;
      const length = Math.max(first.values.length, second.values.length);
      for (let number = 0; number < length; number++) {
        const one = first.values[number];
        const other = second.values[number];
        if (one === other) continue;
        if ((one?.value ?? null) !== (other?.value ?? null)) return false;
      }
      return true;
    },
    hash: (state) => state.hash,
    readOnly: isReadOnlyKvOperation,
    growth: {
      resets: resetsKvValue,
      stillReadable: (state, input, output) =>
        kvValueStillReadable(keyState(state, input.key).value, input, output),
      readableAfterReset: kvReadableAfterReset,
      readsFollow: kvReadsFollow,
      group: (input) => input.key,
    },
    describeOperation: describeKvOperation,
    describeState(state) {
      const entries = keyNames
        .map((key, number) => [key, state.values[number]?.value ?? null] as const)
        .filter(([, value]) => value !== null)
        .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0));
      return `{${entries.map(([key, value]) => `${key}: ${describeValue(value)}`).join(", ")}}`;
    },
    estimateStateBytes(state) {
      return 64 + 8 * state.values.length;
    },
  };
}

/** A key's contribution to the map's hash; the map's hash is their sum. */
function entryHash(number: number, state: KvKeyState): number {
  return state.value === null ? 0 : mixHash(state.hash ^ Math.imul(number + 1, 0x9e3779b1));
}

/** A shared instance, for callers that check one history at a time. */
export const kvMapModel = createKvMapModel();
