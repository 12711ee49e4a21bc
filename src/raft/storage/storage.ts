import type { Entry, HardState } from "../core/types.js";

/** What a node restarts from: its last saved hard state and its log. */
export interface StoredState {
  hardState: HardState;
  entries: Entry[];
}

/** Called once a sync finished: `null` on success. */
export type SyncCallback = (error: Error | null) => void;

/**
 * The storage a node host persists a Ready into (DESIGN.md, "The Ready contract", step 1). Writes
 * are buffered (as an OS page cache would hold them); `sync` makes everything written so far
 * durable and reports completion through a callback, because a sync takes time in both modes:
 * simulated disk latency in sim, a real fsync in process mode.
 */
export interface Storage {
  /** Writes `entries`, replacing every stored entry from `entries[0].index` on. */
  append(entries: readonly Entry[]): void;
  saveHardState(hardState: HardState): void;
  /** Makes every earlier write durable, then calls `done` (never synchronously from within `sync`). */
  sync(done: SyncCallback): void;
  /** The state as it stood when this storage was opened: what a restarting node begins with. */
  load(): StoredState;
}

export const emptyHardState: Readonly<HardState> = Object.freeze({
  term: 0,
  vote: null,
  commit: 0,
});

/**
 * Checks that `entries` are contiguous and may follow a log whose last index is `lastIndex`
 * (they may also start earlier, replacing a suffix). Throws naming the offending index.
 */
export function assertAppendable(
  entries: readonly Entry[],
  lastIndex: number,
  where: string,
): void {
  const first = entries[0];
  if (first === undefined) return;
  if (first.index < 1 || first.index > lastIndex + 1) {
    throw new Error(
      `${where}: cannot append entries from index ${first.index} to a log ending at ${lastIndex}`,
    );
  }
  for (let position = 1; position < entries.length; position++) {
    const entry = entries[position]!;
    if (entry.index !== first.index + position) {
      throw new Error(
        `${where}: entries are not contiguous: index ${entry.index} at position ${position} after ${first.index}`,
      );
    }
  }
}
