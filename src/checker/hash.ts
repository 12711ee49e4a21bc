/**
 * Small, fast 32-bit hashes for model states. A hash only has to spread states over buckets:
 * every hit is confirmed with the model's `equal`, so collisions cost time, never correctness.
 */

/** FNV-1a over the UTF-16 code units of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** A number's hash: integers mix their bits, other numbers go through their text. */
export function hashNumber(value: number): number {
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 31) return mixHash(value);
  return hashString(String(value));
}

/** Spreads the bits of a 32-bit value (the finalizer of MurmurHash3). */
export function mixHash(value: number): number {
  let hash = value | 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash | 0;
}

/** Combines two hashes where order matters. */
export function combineHashes(first: number, second: number): number {
  return mixHash(Math.imul(first, 31) + second);
}
