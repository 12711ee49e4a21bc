/**
 * What the event stream tells about one node's log, commit and apply progress — and, as
 * important, what it does not: after a crash only the durable prefix is still known.
 *
 * Assumptions about the stream, which both node hosts honour (DESIGN.md "Events"):
 * - a Ready's events come in the order of the Ready contract: `role`, then `truncate` and
 *   `append` for the entries handed to storage, `persist` once the write completed, `commit`,
 *   then `apply` for each entry applied;
 * - `persist` with `synced: true` is emitted after the sync completed, so its `lastIndex` and
 *   `hardState.commit` survive any crash.
 * A crash of any kind keeps only what synced persists made durable: a plain crash may keep more,
 * but whether a write reached the disk before the crash depends on timing the stream does not
 * show, so assuming less can only weaken a check, never cause a false violation.
 */
export class NodeLogView {
  /** hashes[i] is the entry hash at index i, or undefined when unknown; slot 0 is unused. */
  private hashes: Array<string | undefined> = [undefined];
  /** terms[i] is the entry term at index i, or 0 when unknown. */
  private terms: number[] = [0];
  /** The last index this node is believed to hold; entries above may exist after a restart. */
  length = 0;
  /** Entries 1..durableLength are as `hashes` says and survive any crash. */
  durableLength = 0;
  /** A lower bound of the node's commit index in its current life. */
  commitIndex = 0;
  /** A commit index a synced persist made durable: a restarted node starts at least there. */
  durableCommit = 0;
  /** The last index applied in the current life; 0 before its first apply. */
  appliedIndex = 0;
  up = true;

  hashAt(index: number): string | undefined {
    return index >= 1 && index <= this.length ? this.hashes[index] : undefined;
  }

  termAt(index: number): number {
    return index >= 1 && index <= this.length ? (this.terms[index] ?? 0) : 0;
  }

  /**
   * Entries handed to storage replace every stored entry from their index on (Ready contract),
   * except that the same entry again (a host re-announcing what it loaded) changes nothing.
   */
  append(index: number, term: number, hash: string): void {
    if (this.hashAt(index) === hash) return;
    this.cutTo(Math.min(this.length, index - 1));
    for (let unknown = this.length + 1; unknown < index; unknown++) {
      this.hashes.push(undefined);
      this.terms.push(0);
    }
    this.hashes.push(hash);
    this.terms.push(term);
    this.length = index;
    this.durableLength = Math.min(this.durableLength, index - 1);
  }

  truncate(fromIndex: number): void {
    this.cutTo(Math.min(this.length, fromIndex - 1));
    this.durableLength = Math.min(this.durableLength, fromIndex - 1);
  }

  /** An fsync makes every earlier write durable, so the whole believed log up to `lastIndex` is. */
  persist(options: { synced: boolean; lastIndex: number; commit: number }): void {
    if (!options.synced) return;
    this.durableLength = Math.min(options.lastIndex, this.length);
    this.durableCommit = Math.max(this.durableCommit, options.commit);
  }

  crash(): void {
    this.up = false;
    this.cutTo(this.durableLength);
    this.commitIndex = this.durableCommit;
    this.appliedIndex = 0;
  }

  /** A wiped node starts empty: its log, its commit and everything durable are gone. */
  restart(options: { wiped: boolean }): void {
    if (this.up) this.crash();
    this.up = true;
    if (!options.wiped) return;
    this.cutTo(0);
    this.durableLength = 0;
    this.durableCommit = 0;
    this.commitIndex = 0;
  }

  private cutTo(length: number): void {
    if (length >= this.length) return;
    this.hashes.length = length + 1;
    this.terms.length = length + 1;
    this.length = length;
  }
}
