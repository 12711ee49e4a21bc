/**
 * The node's own small PRNG (mulberry32) for its randomized election timeouts, seeded from the
 * argument vector: a node's timeouts follow the seed even though process mode's timing does not.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  let state = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Another stream's seed from the same node seed (murmur3's finalizer over seed ^ salt): the
 * disk's latencies draw from their own generator, so drawing them leaves the election
 * timeouts exactly as the seed gives them.
 */
export function derivedSeed(seed: number, salt: number): number {
  let mixed = (seed ^ Math.floor(seed / 2 ** 32) ^ salt) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
