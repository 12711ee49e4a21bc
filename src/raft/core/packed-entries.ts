import type { Entry } from "./types.js";

const initialEntries = 1024;
/** Payloads are packed into chunks of this size, each filled in order and never moved. */
const chunkBytes = 64 * 1024;

/**
 * The settled prefix of a log (indexes 1..count) packed into typed arrays: each entry's term, and
 * its payload in byte chunks. Append-only: a log only packs entries that can no longer change
 * (applied, hence committed, and persisted). Every node of a long run keeps every entry, and
 * packed they cost little memory and garbage-collector time (docs/performance.md, "Packed log").
 *
 * The payloads fill fixed-size chunks, a new one when the next payload does not fit what is left
 * (a payload longer than a chunk gets one of its own).
 */
export class PackedEntries {
  private terms = new Float64Array(initialEntries);
  /** Where entry i + 1's payload begins: chunk number * chunkBytes + offset in that chunk. */
  private starts = new Float64Array(initialEntries);
  private lengths = new Float64Array(initialEntries);
  private chunks: Uint8Array[] = [];
  /** The chunk being filled (the last one), and where its free space begins. */
  private chunk: Uint8Array | null = null;
  private chunkUsed = 0;
  private size = 0;

  /** Entries held: indexes 1 to `count`. */
  get count(): number {
    return this.size;
  }

  termAt(index: number): number {
    return asSmallInteger(this.terms[index - 1] as number);
  }

  /** A fresh entry object for `index` (1..count); its payload is a view into its chunk. */
  entryAt(index: number): Entry {
    const start = this.starts[index - 1] as number;
    const chunk = this.chunks[Math.floor(start / chunkBytes)] as Uint8Array;
    const offset = asSmallInteger(start % chunkBytes);
    const data = chunk.subarray(offset, offset + this.dataLength(index));
    return { term: this.termAt(index), index, data };
  }

  /** The payload size of the entry at `index`, without materializing it. */
  dataLength(index: number): number {
    return asSmallInteger(this.lengths[index - 1] as number);
  }

  /** Packs `entry`, which must be entry `count + 1`. */
  push(entry: Entry): void {
    if (entry.index !== this.size + 1) {
      throw new RangeError(`packing entry ${entry.index} after entry ${this.size}`);
    }
    const data = entry.data;
    const length = data.length;
    if (this.size === this.terms.length) this.growEntries();
    let chunk = this.chunk;
    if (chunk === null || this.chunkUsed + length > chunk.length) chunk = this.startChunk(length);
    const offset = this.chunkUsed;
    chunk.set(data, offset);
    this.chunkUsed = offset + length;
    this.terms[this.size] = entry.term;
    this.starts[this.size] = (this.chunks.length - 1) * chunkBytes + offset;
    this.lengths[this.size] = length;
    this.size++;
  }

  /** A chunk for a payload of `length` bytes: a standard one, or one of its own when longer. */
  private startChunk(length: number): Uint8Array {
    const chunk = new Uint8Array(Math.max(chunkBytes, length));
    this.chunks.push(chunk);
    this.chunk = chunk;
    this.chunkUsed = 0;
    return chunk;
  }

  private growEntries(): void {
    const capacity = this.terms.length * 2;
    this.terms = grown(this.terms, capacity);
    this.starts = grown(this.starts, capacity);
    this.lengths = grown(this.lengths, capacity);
  }
}

function grown(old: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(capacity);
  larger.set(old);
  return larger;
}

/** A term read back from a Float64Array, as a small integer when it fits (docs/performance.md). */
function asSmallInteger(value: number): number {
  return value <= 0x3fff_ffff ? value | 0 : value;
}
