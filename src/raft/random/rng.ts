/**
 * The project's one seeded PRNG (the simulator, the nemesis and workload through the cluster's
 * re-export, process-mode nodes and proxies, and every test): sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator), 32-bit
 * integer math only, so every platform draws the same sequence. Chosen over xoshiro128** for its
 * speed in JavaScript (adds, shifts and rotates of 32-bit values) and its clean PractRand record.
 *
 * Named splits: `split("network")` derives a child from this generator's *key* (fixed at
 * construction) and the name — never from its current state — so drawing from one component
 * never shifts another's sequence, and components can be added without changing old ones.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(private readonly key: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.d] = key;
    // Discard the first outputs: sfc32's state needs a few rounds to mix a weak key.
    for (let round = 0; round < 12; round++) this.uint32();
  }

  /** A generator for a seed: a non-negative safe integer (the user-visible reproduction handle). */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new RangeError(`a seed must be a non-negative safe integer, got ${seed}`);
    }
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    return new Rng([mix32(low ^ 0x9e3779b9), mix32(high ^ 0x85ebca6b), mix32(low + 0x6a09e667), 1]);
  }

  /** An independent generator for the component `name`. */
  split(name: string): Rng {
    const nameHash = hashString(name);
    const [k0, k1, k2, k3] = this.key;
    return new Rng([
      mix32(k0 ^ nameHash),
      mix32(k1 + Math.imul(nameHash, 0x27d4eb2f)),
      mix32(k2 ^ rotate(nameHash, 13)),
      (k3 + 1) | 0,
    ]);
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = rotate(this.c, 21);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** A uniform integer in [minInclusive, maxExclusive). */
  int(minInclusive: number, maxExclusive: number): number {
    if (!(maxExclusive > minInclusive)) {
      throw new RangeError(`empty range [${minInclusive}, ${maxExclusive})`);
    }
    return minInclusive + Math.floor(this.float() * (maxExclusive - minInclusive));
  }

  /** A uniform float in [min, max]. */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  /** True with probability `probability` (no draw is spent when it is 0 or 1). */
  chance(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return this.float() < probability;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[this.int(0, items.length)] as T;
  }
}

function rotate(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** murmur3's 32-bit finalizer: a bijective avalanche of one word. */
function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** FNV-1a over the UTF-16 code units, then mixed. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let position = 0; position < text.length; position++) {
    hash = Math.imul(hash ^ text.charCodeAt(position), 0x01000193);
  }
  return mix32(hash);
}

/** A uniform [0, 1) source for `seed` (the shape of the Raft core's `random`): `Rng.float`. */
export function seededRandom(seed: number): () => number {
  const rng = Rng.fromSeed(seed);
  return () => rng.float();
}
