import { Rng } from "../../cluster/sim/rng.js";
import type { Random } from "../random.js";

/** A seeded uniform [0, 1) source for tests, from the simulator's generator. */
export function seededRandom(seed: number): Random {
  const rng = Rng.fromSeed(seed);
  return () => rng.float();
}
