import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/scenario/index.js";
import {
  checkProblems,
  createReportRoot,
  removeReportRoot,
  runSeed,
  scenarioPath,
  scenariosDirectory,
  seedsOf,
  testSeedCount,
} from "./scenario-runs.js";

/**
 * The shipped scenarios, split into groups so that vitest runs the groups' files in parallel.
 * `scenarios.test.ts` checks that the groups cover every file in `scenarios/` exactly once.
 */
export const shippedScenarioGroups = {
  partitions: ["quickstart", "leader-partition", "majorities-ring", "bridge", "one-way"],
  crashes: ["crash-restart", "lose-unsynced", "torn-write", "figure8-churn"],
  timing: ["flaky-network", "pause", "clock-skew", "mix"],
} as const;

export type ShippedScenarioGroup = keyof typeof shippedScenarioGroups;

/**
 * What makes a passing run worth having run: the faults fired and forced at least one leader
 * change beyond the first election, and the load was real. A scenario whose faults stop
 * reaching the leader (a target that no longer resolves, a window too short) fails here
 * instead of passing vacuously.
 */
const electionsMin = 2;
const okOperationsMin = 500;

/**
 * With `RAFTCTL_TEST_FULL=1` (`npm run test:slow`) every shipped scenario runs at least this
 * many seeds: the sweep the quiet-time defaults (availability floor, election bound) were
 * calibrated on, so a change that moves a correct run near them shows up here.
 */
const calibrationSeedCount = 40;

function shippedSeedCount(): number {
  const full = process.env.RAFTCTL_TEST_FULL === "1";
  return full ? Math.max(testSeedCount(), calibrationSeedCount) : testSeedCount();
}

/**
 * One test per scenario and seed: the run passes on the correct Raft (linearizable, no
 * invariant broken, live again within `recoverWithin`, available and with a steady leader in
 * quiet time) and its faults really hit the cluster.
 */
export function describeShippedScenarios(group: ShippedScenarioGroup): void {
  const reportRoot = createReportRoot(`scenarios-${group}`);
  describe(`the shipped scenarios (${group})`, { timeout: 300_000 }, () => {
    afterAll(() => removeReportRoot(reportRoot));
    for (const name of shippedScenarioGroups[group]) {
      const file = scenarioPath(scenariosDirectory, name);
      for (const seed of seedsOf(loadScenarioFile(file), shippedSeedCount())) {
        it(`${name} passes on the correct Raft with seed ${seed}, its faults forcing new elections`, async () => {
          const result = await runSeed({ file, seed, reportRoot });
          expect(result.error).toBeNull();
          expect(checkProblems(result)).toEqual([]);
          expect(result.verdict).toBe("pass");
          expect(result.expectationMet).toBe(true);
          expect(result.figures.faults).toBeGreaterThan(0);
          expect(result.figures.elections).toBeGreaterThanOrEqual(electionsMin);
          expect(result.figures.operations.ok).toBeGreaterThanOrEqual(okOperationsMin);
        });
      }
    }
  });
}
