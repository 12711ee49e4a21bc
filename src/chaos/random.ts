/**
 * The nemesis draws all its randomness from a function it is given: a uniform float in [0, 1),
 * the same shape as the Raft core's `random` (the run hands in a seeded split of its generator).
 */
export type Random = () => number;

/** An integer in [0, bound). */
export function randomInt(random: Random, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0)
    throw new RangeError(`bound must be a positive integer, got ${bound}`);
  const value = Math.floor(random() * bound);
  if (value < 0 || value >= bound)
    throw new RangeError(`random() must lie in [0, 1), it gave ${value / bound}`);
  return value;
}

/** An integer in [min, max], both included. */
export function randomIntBetween(random: Random, min: number, max: number): number {
  if (max < min) throw new RangeError(`empty range [${min}, ${max}]`);
  return min + randomInt(random, max - min + 1);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError("cannot pick from an empty list");
  return items[randomInt(random, items.length)] as T;
}

/** A shuffled copy (Fisher-Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const copy = [...items];
  for (let position = copy.length - 1; position > 0; position -= 1) {
    const other = randomInt(random, position + 1);
    [copy[position], copy[other]] = [copy[other] as T, copy[position] as T];
  }
  return copy;
}
