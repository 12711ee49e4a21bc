/** Ranges up to this length are copied byte by byte: cheaper than `set`, its checks and call. */
const copyLoopBytesMax = 64;

/**
 * Copies `source[start, end)` into `target` at `offset`. Nearly every value copied on the
 * simulator's hot paths (a payload, a record, an encoded value) is a few dozen bytes: those go
 * byte by byte; longer ones through `set` (a subarray only then).
 */
export function copyBytes(
  target: Uint8Array,
  offset: number,
  source: Uint8Array,
  start: number,
  end: number,
): void {
  const length = end - start;
  if (length <= copyLoopBytesMax) {
    for (let position = 0; position < length; position++) {
      target[offset + position] = source[start + position] as number;
    }
  } else {
    target.set(start === 0 && end === source.length ? source : source.subarray(start, end), offset);
  }
}
