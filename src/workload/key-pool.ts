import type { HistoryValue } from "../history/types.js";
import { type Random, randomInt } from "./random.js";

/** One key in use: how many operations it has had, its write counter, what clients know of it. */
export interface KeyState {
  readonly name: string;
  /** Operations issued on it so far. */
  operations: number;
  /** The last value handed to a write; the next write gets one more. */
  writes: number;
  /** What each client (by slot) last read or wrote on it: the expected value of its next cas. */
  readonly lastByClient: Map<number, HistoryValue>;
  /** The last value any client saw on it, for clients that know nothing yet. */
  lastObserved: HistoryValue | undefined;
}

/**
 * The keys in use at once (Jepsen's independent keys). Each operation takes a key uniformly at
 * random; a key that has had `opsPerKey` operations is retired and a fresh key takes its slot, so
 * every key's history stays small enough to check. Retired keys are forgotten: memory is bounded
 * by the number of keys in use. Keys are named k0, k1, ... in the order they come into use.
 */
export class KeyPool {
  private readonly slots: KeyState[] = [];
  private created = 0;
  private retiredCount = 0;

  constructor(
    keys: number,
    private readonly opsPerKey: number,
  ) {
    for (let slot = 0; slot < keys; slot += 1) this.slots.push(this.fresh());
  }

  /** Picks a key for one more operation, retiring it if that was its last. */
  take(random: Random): KeyState {
    const slot = randomInt(random, this.slots.length);
    const key = this.slots[slot] as KeyState;
    key.operations += 1;
    if (key.operations >= this.opsPerKey) {
      this.slots[slot] = this.fresh();
      this.retiredCount += 1;
    }
    return key;
  }

  /** The keys in use now, in slot order. */
  active(): readonly KeyState[] {
    return this.slots;
  }

  get retired(): number {
    return this.retiredCount;
  }

  private fresh(): KeyState {
    const name = `k${this.created}`;
    this.created += 1;
    return { name, operations: 0, writes: 0, lastByClient: new Map(), lastObserved: undefined };
  }
}
