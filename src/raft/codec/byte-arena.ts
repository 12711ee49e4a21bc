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

const chunkBytes = 16 * 1024;
/** Values longer than this get a copy of their own: they would use up a chunk in a few goes. */
const valueBytesMax = 1024;
/** Values up to this length are copied byte by byte: `set` would need a subarray object. */
const copyLoopBytesMax = 64;

export class ByteArena {
  private chunk = new Uint8Array(chunkBytes);
  private used = 0;

  /** A copy of `source[start, end)` that may share its ArrayBuffer with other such copies. */
  copy(source: Uint8Array, start: number, end: number): Uint8Array {
    const length = end - start;
    if (length > valueBytesMax) return source.slice(start, end);
    // Locals, not fields, inside the loop: those are reloaded at every byte.
    let target = this.chunk;
    let offset = this.used;
    if (offset + length > chunkBytes) {
      target = new Uint8Array(chunkBytes);
      this.chunk = target;
      offset = 0;
    }
    if (length <= copyLoopBytesMax) {
      for (let position = 0; position < length; position++) {
        target[offset + position] = source[start + position] as number;
      }
    } else {
      target.set(source.subarray(start, end), offset);
    }
    this.used = offset + length;
    return target.subarray(offset, offset + length);
  }
}

/** Encoded messages and client frames: held until delivered, a few virtual milliseconds. */
export const transientBytes = new ByteArena();
/** Entry payloads: held until the log packs the entry, once it is applied and persisted. */
export const entryBytes = new ByteArena();
