/**
 * Short-lived encoded values (messages in flight, client frames) are copied into a shared chunk
 * and handed out as views of it. A view is one typed-array object; a copy of its own (`slice`)
 * is three — the array, its ArrayBuffer and the backing store, off the heap above 64 bytes — and
 * these values were the largest share of the simulator's allocations, so of its minor
 * collections. A chunk is never written again once its bytes are handed out: the garbage
 * collector frees it when no view into it is left, so a view stays valid as long as it is held.
 * A value held for long keeps its whole chunk alive, hence only short-lived values come here.
 */

const chunkBytes = 16 * 1024;
/** Values longer than this get a copy of their own: they would use up a chunk in a few goes. */
const valueBytesMax = 1024;
/** Values up to this length are copied byte by byte: `set` would need a subarray object. */
const copyLoopBytesMax = 64;

let chunk = new Uint8Array(chunkBytes);
let used = 0;

/** A copy of `source[0, length)` that may share its ArrayBuffer with other such copies. */
export function transientCopy(source: Uint8Array, length: number): Uint8Array {
  if (length > valueBytesMax) return source.slice(0, length);
  // Locals, not the module's variables, inside the loop: those are reloaded at every byte.
  let target = chunk;
  let start = used;
  if (start + length > chunkBytes) {
    target = new Uint8Array(chunkBytes);
    chunk = target;
    start = 0;
  }
  if (length <= copyLoopBytesMax) {
    for (let position = 0; position < length; position++) {
      target[start + position] = source[position] as number;
    }
  } else {
    target.set(source.subarray(0, length), start);
  }
  used = start + length;
  return target.subarray(start, start + length);
}
