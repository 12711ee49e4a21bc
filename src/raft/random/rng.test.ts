import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";

const draws = (rng: Rng, count: number) => Array.from({ length: count }, () => rng.uint32());

describe("Rng", () => {
  it("draws the same sequence from the same seed", () => {
    expect(draws(Rng.fromSeed(42), 20)).toEqual(draws(Rng.fromSeed(42), 20));
  });
  it("draws different sequences from seeds that differ in one bit, low or high", () => {
    const base = draws(Rng.fromSeed(42), 8);
    expect(draws(Rng.fromSeed(43), 8)).not.toEqual(base);
    expect(draws(Rng.fromSeed(42 + 2 ** 40), 8)).not.toEqual(base);
  });
  it("pins its sequence so a seed reproduces across versions", () => {
    expect(draws(Rng.fromSeed(1), 3)).toEqual([96645844, 2523621556, 1110095900]);
    expect(draws(Rng.fromSeed(1).split("network"), 2)).toEqual([2814472567, 1331817696]);
  });
  it("gives a split a sequence unaffected by draws from its parent or its siblings", () => {
    const quiet = Rng.fromSeed(7);
    const busy = Rng.fromSeed(7);
    draws(busy, 100);
    draws(busy.split("disk"), 100);
    expect(draws(busy.split("network"), 10)).toEqual(draws(quiet.split("network"), 10));
  });
  it("gives differently named splits different sequences", () => {
    const root = Rng.fromSeed(7);
    expect(draws(root.split("election/n1"), 8)).not.toEqual(draws(root.split("election/n2"), 8));
    expect(draws(root.split("a").split("b"), 8)).not.toEqual(draws(root.split("b").split("a"), 8));
  });
  it("draws floats in [0, 1) and integers in [min, max) with every value reachable", () => {
    const rng = Rng.fromSeed(3);
    const seen = new Set<number>();
    for (let draw = 0; draw < 2000; draw++) {
      const value = rng.float();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      seen.add(rng.int(5, 10));
    }
    expect([...seen].sort()).toEqual([5, 6, 7, 8, 9]);
  });
  it("keeps chance(p) near p over many draws", () => {
    const rng = Rng.fromSeed(11);
    let hits = 0;
    for (let draw = 0; draw < 10_000; draw++) if (rng.chance(0.3)) hits++;
    expect(hits / 10_000).toBeGreaterThan(0.28);
    expect(hits / 10_000).toBeLessThan(0.32);
  });
  it("refuses a negative or fractional seed", () => {
    expect(() => Rng.fromSeed(-1)).toThrow(RangeError);
    expect(() => Rng.fromSeed(1.5)).toThrow(RangeError);
  });
});
