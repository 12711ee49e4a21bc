import type { Entry } from "./types.js";

const initialEntries = 1024;
const initialBytes = 16 * 1024;
/** Payloads up to this size are copied byte by byte: cheaper than `set` on a tiny array. */
const copyLoopBytesMax = 64;

/**
 * The settled prefix of a log (indexes 1..count) packed into typed arrays: each entry's term, and
 * its payload in one byte arena. An entry object costs the collector a copy or two on its way to
 * the old generation, and every node of a long run keeps every entry; packed, a settled entry is
 * a few numbers and its bytes, in arrays the collector never walks. Append-only: a log only packs
 * entries that can no longer change (applied, hence committed, and persisted).
 */
export class PackedEntries {
  private terms = new Float64Array(initialEntries);
  /** starts[i] is where entry i + 1's payload begins; starts[count] is where the next would. */
  private starts = new Float64Array(initialEntries + 1);
  private bytes = new Uint8Array(initialBytes);
  private size = 0;

  /** Entries held: indexes 1 to `count`. */
  get count(): number {
    return this.size;
  }

  termAt(index: number): number {
    return asSmallInteger(this.terms[index - 1] as number);
  }

  /** A fresh entry object for `index` (1..count); its payload is a view into the arena. */
  entryAt(index: number): Entry {
    const start = asSmallInteger(this.starts[index - 1] as number);
    const end = asSmallInteger(this.starts[index] as number);
    return { term: this.termAt(index), index, data: this.bytes.subarray(start, end) };
  }

  /** The payload size of the entry at `index`, without materializing it. */
  dataLength(index: number): number {
    return asSmallInteger((this.starts[index] as number) - (this.starts[index - 1] as number));
  }

  /** Packs `entry`, which must be entry `count + 1`. */
  push(entry: Entry): void {
    if (entry.index !== this.size + 1) {
      throw new RangeError(`packing entry ${entry.index} after entry ${this.size}`);
    }
    const data = entry.data;
    const start = this.starts[this.size] as number;
    const end = start + data.length;
    if (this.size + 1 >= this.terms.length) this.growEntries();
    if (end > this.bytes.length) this.growBytes(end);
    const bytes = this.bytes;
    if (data.length <= copyLoopBytesMax) {
      for (let position = 0; position < data.length; position++) {
        bytes[start + position] = data[position] as number;
      }
    } else {
      bytes.set(data, start);
    }
    this.terms[this.size] = entry.term;
    this.size++;
    this.starts[this.size] = end;
  }

  private growEntries(): void {
    const terms = new Float64Array(this.terms.length * 2);
    terms.set(this.terms);
    this.terms = terms;
    const starts = new Float64Array(this.terms.length + 1);
    starts.set(this.starts);
    this.starts = starts;
  }

  /**
   * A new, larger arena. Views handed out earlier keep the old one alive and stay correct: packed
   * bytes never change.
   */
  private growBytes(needed: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.starts[this.size] as number));
    this.bytes = grown;
  }
}

/**
 * A number read from a Float64Array is a double to V8; stored into an object (a message's
 * prevLogTerm, an entry's term) it turns that field into a boxed double for every object of the
 * shape. Integers that fit are handed back as small integers; larger ones (a term past 2^30 is
 * legal, if unlikely) stay as they are.
 */
function asSmallInteger(value: number): number {
  return value <= 0x3fff_ffff ? value | 0 : value;
}
