import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RandomCluster } from "./testing/random-cluster.js";

/**
 * Random clusters under stale, duplicated, reordered and dropped messages, crashes that lose
 * unsynced writes, and slow hosts. Safety is checked throughout (RandomCluster and the core's
 * own assertions throw); afterwards the healed cluster must make progress again.
 */
/** `npm run test:seeds` (RAFTCTL_TEST_SEEDS=20) runs more clusters than the default. */
const runCount = Number(process.env.RAFTCTL_TEST_SEEDS ?? 3) >= 20 ? 300 : 60;

describe("random message sequences", () => {
  it("never break safety, and a healed cluster commits again", () => {
    let totals = { committedIndex: 0, leaderTerms: 0, readsServed: 0, crashes: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(3, 5),
        (seed, nodeCount) => {
          const cluster = new RandomCluster({ seed, nodeCount, steps: 3000 });
          const report = cluster.run();
          expect(cluster.converge(3000)).toBe(true);
          totals = {
            committedIndex: totals.committedIndex + report.committedIndex,
            leaderTerms: totals.leaderTerms + report.leaderTerms,
            readsServed: totals.readsServed + report.readsServed,
            crashes: totals.crashes + report.crashes,
          };
        },
      ),
      { numRuns: runCount, seed: 20240601 },
    );
    // The runs did exercise the protocol: entries committed, leaders changed, reads served.
    expect(totals.committedIndex).toBeGreaterThan(200);
    expect(totals.leaderTerms).toBeGreaterThan(40);
    expect(totals.readsServed).toBeGreaterThan(20);
    expect(totals.crashes).toBeGreaterThan(10);
  });
});
