import { copyBytes } from "./copy-bytes.js";

/**
 * Many small byte values — encoded messages and client frames, entry payloads — are copied into
 * shared chunks and handed out as views of them. A view is one typed-array object; a copy of its
 * own (`slice`) is three — the array, its ArrayBuffer and the backing store, off the heap above
 * 64 bytes — and these values were the largest share of the simulator's allocations, so of its
 * minor collections. A chunk is never written again once its bytes are handed out: the garbage
 * collector frees it when no view into it is left, so a view stays valid as long as it is held.
 * A value held long keeps its whole chunk alive; so each kind of value has an arena of its own,
 * and a chunk holds values made about the same time that tend to die about the same time.
 */

/**
 * Each chunk is an ArrayBuffer of its own, and making one costs several microseconds whatever its
 * size (beside zeroing it): fewer, larger chunks. A chunk lives as long as any view into it, so
 * not much larger: the values here die within virtual milliseconds.
 */
const chunkBytes = 64 * 1024;
/** Values longer than this get a copy of their own: they would use up a chunk in a few goes. */
const valueBytesMax = 1024;

export class ByteArena {
  private chunk = new Uint8Array(chunkBytes);
  /** The chunk's ArrayBuffer, kept: the `buffer` getter cost as much as making the view. */
  private chunkBuffer: ArrayBuffer = this.chunk.buffer;
  private used = 0;

  /** The chunk a ByteWriter writes into directly, from `freeOffset` on (see `take`). */
  get freeChunk(): Uint8Array {
    return this.chunk;
  }

  get freeOffset(): number {
    return this.used;
  }

  /**
   * A writer wrote `chunk[start, end)` from the free offset on: those bytes become a view and
   * the free space begins after them. Two writers at once (encoding is never nested) would have
   * written over each other: refused.
   */
  take(chunk: Uint8Array, start: number, end: number): Uint8Array {
    this.assertFreeAt(chunk, start);
    this.used = end;
    return new Uint8Array(this.chunkBuffer, start, end - start);
  }

  /**
   * A writer at the free offset needs `needed` bytes in all, more than the chunk has left: moves
   * the `written` bytes it has to the start of a fresh chunk and returns that chunk, or null when
   * the value is too long for the arena (the writer then goes on in a buffer of its own).
   */
  moveToFreshChunk(
    chunk: Uint8Array,
    start: number,
    written: number,
    needed: number,
  ): Uint8Array | null {
    this.assertFreeAt(chunk, start);
    if (needed > valueBytesMax) return null;
    const fresh = this.freshChunk();
    fresh.set(chunk.subarray(start, start + written));
    return fresh;
  }

  private assertFreeAt(chunk: Uint8Array, start: number): void {
    if (chunk !== this.chunk || start !== this.used) {
      throw new Error("byte arena: two encodings into one arena at once");
    }
  }

  /** A copy of `source[start, end)` that may share its ArrayBuffer with other such copies. */
  copy(source: Uint8Array, start: number, end: number): Uint8Array {
    const length = end - start;
    if (length > valueBytesMax) return source.slice(start, end);
    let target = this.chunk;
    let offset = this.used;
    if (offset + length > chunkBytes) {
      target = this.freshChunk();
      offset = 0;
    }
    copyBytes(target, offset, source, start, end);
    this.used = offset + length;
    return new Uint8Array(this.chunkBuffer, offset, length);
  }

  /** Starts a new chunk, empty; the one before lives on as long as views of it do. */
  private freshChunk(): Uint8Array<ArrayBuffer> {
    this.chunk = new Uint8Array(chunkBytes);
    this.chunkBuffer = this.chunk.buffer;
    this.used = 0;
    return this.chunk;
  }
}

/** Encoded messages and client frames: held until delivered, a few virtual milliseconds. */
export const transientBytes = new ByteArena();
/** Entry payloads: held until the log packs the entry, once it is applied and persisted. */
export const entryBytes = new ByteArena();
