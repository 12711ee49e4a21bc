import type { Entry, HardState } from "../core/types.js";
import {
  assertAppendable,
  emptyHardState,
  type Storage,
  type StoredState,
  type SyncCallback,
} from "./storage.js";

/**
 * A storage held in memory: every write is immediately "durable" and `sync` completes on the
 * next microtask. For tests and for hosts that need no durability; the simulator uses the
 * on-disk log format over its simulated disk instead, so torn and lost writes are real.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState;
  private readonly entries: Entry[];

  constructor(initial?: StoredState) {
    this.hardState = { ...(initial?.hardState ?? emptyHardState) };
    this.entries = initial ? [...initial.entries] : [];
    assertAppendable(this.entries, 0, "MemoryStorage");
  }

  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assertAppendable(entries, this.entries.length, "MemoryStorage");
    this.entries.length = first.index - 1;
    for (const entry of entries) this.entries.push(entry);
  }

  saveHardState(hardState: HardState): void {
    this.hardState = { ...hardState };
  }

  sync(done: SyncCallback): void {
    queueMicrotask(() => done(null));
  }

  load(): StoredState {
    return { hardState: { ...this.hardState }, entries: [...this.entries] };
  }
}
