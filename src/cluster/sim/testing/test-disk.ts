import { Rng } from "../../../raft/random/rng.js";
import { SimDisk } from "../disk.js";
import { Scheduler } from "../scheduler.js";

/**
 * A simulated disk alone, for tests: syncs of 1-2 ms that complete when `settle()` runs the
 * scheduler's due events.
 */
export function testDisk(seed = 1) {
  const scheduler = new Scheduler();
  const disk = new SimDisk({
    scheduler,
    rng: Rng.fromSeed(seed).split("disk"),
    syncLatency: { minMs: 1, maxMs: 2 },
    deliverCompletion: (done) => done(null),
  });
  const settle = () => {
    while (scheduler.runInstant() > 0);
  };
  return { scheduler, disk, settle };
}
