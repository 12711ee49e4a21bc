import { Rng } from "../../raft/random/rng.js";

/**
 * The harness's fault decisions (the proxies' drops, duplicates, delays and reorders) draw from
 * the project's seeded generator (raft/random/rng.ts). Process mode is not reproducible in its
 * timing, but its fault decisions follow the seed: the n-th frame on a link meets the same fate
 * in every run with that seed. Never Math.random.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  nextFloat(): number;
  /** A float in [min, max] (max itself only when min === max). */
  nextInRange(min: number, max: number): number;
}

export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const rng = Rng.fromSeed(seed >>> 0);
  return {
    nextFloat: () => rng.float(),
    nextInRange(min, max) {
      if (!(min <= max)) throw new Error(`empty range [${min}, ${max}]`);
      return min + (max - min) * rng.float();
    },
  };
}

/**
 * Derives an independent seed for one component (`label`, e.g. "link n1->n2") from the run's
 * seed, so adding a link does not shift the random stream of the others: FNV-1a over the label,
 * then the seed mixed in through murmur3's finaliser (every input bit moves every output bit).
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(label)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
  const seedHigh = Math.floor(seed / 2 ** 32);
  return finalMix(finalMix(seed >>> 0) ^ finalMix(seedHigh + 0x9e3779b9) ^ hash);
}

function finalMix(value: number): number {
  let mixed = value >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}
