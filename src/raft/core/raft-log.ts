import { type InvariantContext, invariantBroken } from "./invariants.js";
import type { Entry } from "./types.js";

/**
 * What an entry counts for against the message and in-flight byte bounds: its payload plus 8
 * bytes standing for its encoded term, index and length (as etcd counts the encoded entry), so
 * that empty entries are not free and many tiny ones cannot flood a message.
 */
export const entryOverheadBytes = 8;

export function entrySizeBytes(entry: Entry): number {
  return entry.data.length + entryOverheadBytes;
}

/**
 * The replicated log (etcd's raftLog + unstable in one, without compaction): every entry in
 * memory, `committed` and `applied` cursors, and `unstableFrom`, the first index the host has not
 * yet been asked to persist. A conflict below `unstableFrom` moves it down, so the next Ready
 * carries the replacement entries from there and the host truncates its stored log.
 */
export class RaftLog {
  /** entries[position] has index position + 1. */
  private readonly entries: Entry[];
  committed: number;
  applied = 0;
  unstableFrom: number;

  constructor(
    private readonly context: InvariantContext,
    restored: { entries: readonly Entry[]; committed: number },
  ) {
    this.entries = [...restored.entries];
    this.committed = restored.committed;
    this.unstableFrom = this.entries.length + 1;
  }

  lastIndex(): number {
    return this.entries.length;
  }

  lastTerm(): number {
    return this.entries.length === 0 ? 0 : this.entries[this.entries.length - 1]!.term;
  }

  /** The term at `index`: 0 at index 0, null beyond the log. */
  termAt(index: number): number | null {
    if (index === 0) return 0;
    return this.entries[index - 1]?.term ?? null;
  }

  entryAt(index: number): Entry | undefined {
    return this.entries[index - 1];
  }

  matchesTerm(index: number, term: number): boolean {
    return this.termAt(index) === term;
  }

  /** Section 5.4.1: a candidate's log is at least as up to date as ours. */
  isUpToDate(candidateLastIndex: number, candidateLastTerm: number): boolean {
    const lastTerm = this.lastTerm();
    return (
      candidateLastTerm > lastTerm ||
      (candidateLastTerm === lastTerm && candidateLastIndex >= this.lastIndex())
    );
  }

  /** Appends new entries at the end (a leader's own entries, or a follower's after any conflict). */
  append(entries: readonly Entry[]): void {
    for (const entry of entries) {
      const expectedIndex = this.entries.length + 1;
      if (!(entry.index === expectedIndex))
        invariantBroken(
          this.context,
          entry.index,
          `appended entry has index ${entry.index}, expected ${expectedIndex}`,
        );
      const lastTerm = this.lastTerm();
      if (!(entry.term >= lastTerm))
        invariantBroken(
          this.context,
          entry.index,
          `log terms must not decrease: entry term ${entry.term} after term ${lastTerm}`,
        );
      if (!(entry.term <= this.context.term))
        invariantBroken(
          this.context,
          entry.index,
          `entry term ${entry.term} is above the current term`,
        );
      this.entries.push(entry);
    }
  }

  /**
   * Drops every entry from `fromIndex` on because an incoming entry conflicts with the one there.
   * Only a follower does this, and never at or below its commit index.
   */
  truncateFrom(fromIndex: number, options: { isLeader: boolean }): void {
    if (options.isLeader)
      invariantBroken(this.context, fromIndex, "a leader never truncates its own log");
    if (!(fromIndex > this.committed))
      invariantBroken(
        this.context,
        fromIndex,
        `committed entry would be truncated (commit ${this.committed})`,
      );
    if (!(fromIndex >= 1 && fromIndex <= this.entries.length))
      invariantBroken(
        this.context,
        fromIndex,
        `truncation outside the log (last index ${this.entries.length})`,
      );
    this.entries.length = fromIndex - 1;
    this.unstableFrom = Math.min(this.unstableFrom, fromIndex);
  }

  /**
   * The first entry of `entries` that is not already in the log with the same term: its position
   * in `entries`, and whether it conflicts with an entry we hold (rather than extending the log).
   * Matching entries are skipped, never rewritten: that keeps stale and duplicated appends harmless.
   */
  findFirstNew(entries: readonly Entry[]): { position: number; conflicts: boolean } {
    for (let position = 0; position < entries.length; position++) {
      const entry = entries[position]!;
      const term = this.termAt(entry.index);
      if (term === null) return { position, conflicts: false };
      if (term !== entry.term) return { position, conflicts: true };
    }
    return { position: entries.length, conflicts: false };
  }

  /** Raises the commit index; never lowers it, never beyond the log. */
  commitTo(index: number): boolean {
    if (index <= this.committed) return false;
    if (!(index <= this.lastIndex()))
      invariantBroken(this.context, index, `commit beyond the last index ${this.lastIndex()}`);
    this.committed = index;
    return true;
  }

  appliedTo(index: number): void {
    if (!(index <= this.committed))
      invariantBroken(this.context, index, `applied beyond the commit index ${this.committed}`);
    if (!(index >= this.applied))
      invariantBroken(this.context, index, `applied index would go back from ${this.applied}`);
    this.applied = index;
  }

  /** Marks entries through `index` persisted, if the entry there is still the one handed out. */
  stableTo(index: number, term: number): void {
    if (index >= this.unstableFrom && this.termAt(index) === term) this.unstableFrom = index + 1;
  }

  unstableEntries(): Entry[] {
    return this.entries.slice(this.unstableFrom - 1);
  }

  hasUnstableEntries(): boolean {
    return this.unstableFrom <= this.entries.length;
  }

  /** Entries in [fromIndex, throughIndex]. */
  entriesBetween(fromIndex: number, throughIndex: number): Entry[] {
    if (throughIndex < fromIndex) return [];
    return this.entries.slice(fromIndex - 1, throughIndex);
  }

  /**
   * Entries from `fromIndex` on whose size (see `entrySizeBytes`) fits in `maxBytes` — but always
   * at least one, so an entry larger than the limit still travels.
   */
  entriesFrom(fromIndex: number, maxBytes: number): Entry[] {
    const result: Entry[] = [];
    let bytes = 0;
    for (let index = fromIndex; index <= this.entries.length; index++) {
      const entry = this.entries[index - 1]!;
      bytes += entrySizeBytes(entry);
      if (result.length > 0 && bytes > maxBytes) break;
      result.push(entry);
    }
    return result;
  }

  /** The first index of the run of entries with the term of the entry at `index` (fast backup). */
  firstIndexOfTermAt(index: number): number {
    const term = this.termAt(index);
    let first = index;
    while (first > 1 && this.termAt(first - 1) === term) first--;
    return first;
  }

  /** The last index at or below `atOrBelow` whose entry has `term`, or null if there is none. */
  lastIndexOfTerm(term: number, atOrBelow: number): number | null {
    let index = Math.min(atOrBelow, this.entries.length);
    while (index > 0 && this.entries[index - 1]!.term > term) index--;
    return index > 0 && this.entries[index - 1]!.term === term ? index : null;
  }
}
