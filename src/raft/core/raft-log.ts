import { type InvariantContext, invariantBroken } from "./invariants.js";
import { PackedEntries } from "./packed-entries.js";
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

/** The recent-entry array drops its packed head once that head is this long and half of it. */
const recentHeadMax = 1024;

/**
 * The replicated log (etcd's raftLog + unstable in one, without compaction): every entry in
 * memory, `committed` and `applied` cursors, and `unstableFrom`, the first index the host has not
 * yet been asked to persist. A conflict below `unstableFrom` moves it down, so the next Ready
 * carries the replacement entries from there and the host truncates its stored log.
 *
 * Entries that are applied and persisted can never change again: they are packed (see
 * PackedEntries) and handed out as fresh objects on the rare occasions they are asked for (a
 * lagging follower's catch-up); the recent ones stay objects. Every node keeps its whole log, so
 * in a long run nearly all entries are packed.
 */
export class RaftLog {
  private readonly packed = new PackedEntries();
  /** recent[recentHead + k] has index packed.count + 1 + k. */
  private recent: Entry[];
  private recentHead = 0;
  committed: number;
  applied = 0;
  unstableFrom: number;

  constructor(
    private readonly context: InvariantContext,
    restored: { entries: readonly Entry[]; committed: number },
  ) {
    this.recent = [...restored.entries];
    this.committed = restored.committed;
    this.unstableFrom = this.recent.length + 1;
  }

  lastIndex(): number {
    return this.packed.count + this.recent.length - this.recentHead;
  }

  lastTerm(): number {
    const last = this.lastIndex();
    return last === 0 ? 0 : (this.termAt(last) as number);
  }

  /** The term at `index`: 0 at index 0, null beyond the log. */
  termAt(index: number): number | null {
    if (index === 0) return 0;
    const packedCount = this.packed.count;
    if (index <= packedCount) return index >= 1 ? this.packed.termAt(index) : null;
    return this.recent[this.recentPosition(index)]?.term ?? null;
  }

  entryAt(index: number): Entry | undefined {
    const packedCount = this.packed.count;
    if (index <= packedCount) return index >= 1 ? this.packed.entryAt(index) : undefined;
    return this.recent[this.recentPosition(index)];
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
      const expectedIndex = this.lastIndex() + 1;
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
      this.recent.push(entry);
    }
  }

  /**
   * Drops every entry from `fromIndex` on because an incoming entry conflicts with the one there.
   * Only a follower does this, and never at or below its commit index (so never a packed entry).
   */
  truncateFrom(fromIndex: number): void {
    if (!(fromIndex > this.committed))
      invariantBroken(
        this.context,
        fromIndex,
        `committed entry would be truncated (commit ${this.committed})`,
      );
    if (!(fromIndex > this.packed.count && fromIndex <= this.lastIndex()))
      invariantBroken(
        this.context,
        fromIndex,
        `truncation outside the log (last index ${this.lastIndex()})`,
      );
    this.recent.length = this.recentPosition(fromIndex);
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
    this.packSettled();
  }

  /** Marks entries through `index` persisted, if the entry there is still the one handed out. */
  stableTo(index: number, term: number): void {
    if (index >= this.unstableFrom && this.termAt(index) === term) this.unstableFrom = index + 1;
    this.packSettled();
  }

  unstableEntries(): Entry[] {
    if (!this.hasUnstableEntries()) return [];
    return this.recent.slice(this.recentPosition(this.unstableFrom));
  }

  hasUnstableEntries(): boolean {
    return this.unstableFrom <= this.lastIndex();
  }

  /** Entries in [fromIndex, throughIndex]. */
  entriesBetween(fromIndex: number, throughIndex: number): Entry[] {
    if (throughIndex < fromIndex) return [];
    if (fromIndex > this.packed.count) {
      return this.recent.slice(
        this.recentPosition(fromIndex),
        this.recentPosition(throughIndex) + 1,
      );
    }
    const result: Entry[] = [];
    for (let index = fromIndex; index <= throughIndex; index++) {
      const entry = this.entryAt(index);
      if (entry === undefined) break;
      result.push(entry);
    }
    return result;
  }

  /**
   * Entries from `fromIndex` on whose size (see `entrySizeBytes`) fits in `maxBytes` — but always
   * at least one, so an entry larger than the limit still travels.
   */
  entriesFrom(fromIndex: number, maxBytes: number): Entry[] {
    const last = this.lastIndex();
    if (fromIndex > last) return [];
    // Where the batch ends is found first, by size: the entries are then taken in one go (a
    // slice of exactly their number for unpacked ones, what a leader nearly always sends).
    let through = fromIndex;
    let bytes = this.sizeAt(fromIndex);
    while (through < last) {
      bytes += this.sizeAt(through + 1);
      if (bytes > maxBytes) break;
      through++;
    }
    return this.entriesBetween(fromIndex, through);
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
    let index = Math.min(atOrBelow, this.lastIndex());
    while (index > 0 && (this.termAt(index) as number) > term) index--;
    return index > 0 && this.termAt(index) === term ? index : null;
  }

  /** Where the entry at `index` (above the packed ones) sits in `recent`. */
  private recentPosition(index: number): number {
    return this.recentHead + index - this.packed.count - 1;
  }

  /** The payload bytes of the entries from `fromIndex` through `throughIndex`. */
  dataBytesBetween(fromIndex: number, throughIndex: number): number {
    let total = 0;
    for (let index = fromIndex; index <= throughIndex; index++) {
      total += this.sizeAt(index) - entryOverheadBytes;
    }
    return total;
  }

  /** `entrySizeBytes` of the entry at `index`, without materializing a packed one. */
  private sizeAt(index: number): number {
    if (index <= this.packed.count) return this.packed.dataLength(index) + entryOverheadBytes;
    return entrySizeBytes(this.entryAt(index)!);
  }

  /**
   * Packs the entries that can no longer change — applied and persisted — as soon as they settle
   * (after every `appliedTo` and `stableTo`), and drops the packed head of `recent` once it is
   * long and at least half of the array.
   */
  private packSettled(): void {
    const settled = Math.min(this.applied, this.unstableFrom - 1);
    if (settled <= this.packed.count) return;
    while (this.packed.count < settled) {
      this.packed.push(this.recent[this.recentHead]!);
      this.recent[this.recentHead] = undefined as unknown as Entry;
      this.recentHead++;
    }
    if (this.recentHead >= recentHeadMax && this.recentHead * 2 >= this.recent.length) {
      this.recent = this.recent.slice(this.recentHead);
      this.recentHead = 0;
    }
  }
}
