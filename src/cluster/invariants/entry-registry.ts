/**
 * What the whole cluster has shown about each index: every (index, term) entry seen with its
 * hash and the hash of the entry before it, and the entry known committed there. Arrays indexed
 * by log index with a handful of terms each keep ~10^6 events within a few tens of megabytes.
 */

export interface EntryRecord {
  term: number;
  hash: string;
  /** The hash of the entry at index - 1 in a log holding this one ("" at index 1), once seen. */
  previousHash: string | undefined;
  /** The node whose event first showed the entry, for messages. */
  node: string;
}

export interface CommittedRecord {
  hash: string;
  node: string;
}

export class EntryRegistry {
  private readonly entriesByIndex: Array<EntryRecord[] | undefined> = [];
  private readonly committedByIndex: Array<CommittedRecord | undefined> = [];
  /** The highest index known committed anywhere. */
  committedIndexMax = 0;

  /** Returns the record of (index, term), creating it with `hash` when first seen. */
  entry(options: { index: number; term: number; hash: string; node: string }): EntryRecord {
    let records = this.entriesByIndex[options.index];
    if (records === undefined) {
      records = [];
      this.entriesByIndex[options.index] = records;
    }
    const known = records.find((record) => record.term === options.term);
    if (known !== undefined) return known;
    const created = {
      term: options.term,
      hash: options.hash,
      previousHash: undefined,
      node: options.node,
    };
    records.push(created);
    return created;
  }

  committed(index: number): CommittedRecord | undefined {
    return this.committedByIndex[index];
  }

  /** Marks `hash` committed at `index` unless something is already; returns the first record. */
  commit(options: { index: number; hash: string; node: string }): CommittedRecord {
    const known = this.committedByIndex[options.index];
    if (known !== undefined) return known;
    const created = { hash: options.hash, node: options.node };
    this.committedByIndex[options.index] = created;
    this.committedIndexMax = Math.max(this.committedIndexMax, options.index);
    return created;
  }
}
