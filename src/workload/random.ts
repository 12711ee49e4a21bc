/**
 * The workload draws all its randomness from a function it is given: a uniform float in [0, 1)
 * (the run hands in a seeded split of its generator, so the same seed gives the same operations).
 */
export type Random = () => number;

/** An integer in [0, bound). */
export function randomInt(random: Random, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0) {
    throw new RangeError(`bound must be a positive integer, got ${bound}`);
  }
  const value = Math.floor(random() * bound);
  if (value < 0 || value >= bound) {
    throw new RangeError(`random() must lie in [0, 1), it gave ${value / bound}`);
  }
  return value;
}

/**
 * A gap between arrivals of a Poisson process with the given mean, capped at ten means so one
 * unlucky draw cannot silence the load for long (the cap moves the mean by under 0.01%).
 */
export function exponentialGapMs(random: Random, meanMs: number): number {
  const gapMs = -Math.log(1 - random()) * meanMs;
  return Math.min(gapMs, 10 * meanMs);
}
