import { afterAll, describe, expect, it } from "vitest";
import { runScenario } from "../src/run/index.js";
import { applyOverrides, loadScenarioFile } from "../src/scenario/index.js";
import {
  checkProblems,
  createReportRoot,
  huntMutant,
  mutantsDirectory,
  removeReportRoot,
  scenarioNamesIn,
  scenarioPath,
  seedsOf,
  testSeedCount,
  withoutMutations,
} from "./support/scenario-runs.js";

/**
 * Every mutant in `scenarios/mutants/` must be caught, for a reason its `expect.by` names,
 * within the seeds the suite runs (`RAFTCTL_TEST_SEEDS`, default 3) — as `raftctl run
 * scenarios/mutants` judges it. And a mutant that switches a mutation on must pass with the
 * mutation off: then it is the mutation that is caught, not the scenario's own harshness.
 */

const reportRoot = createReportRoot("mutants");
afterAll(() => removeReportRoot(reportRoot));

describe("the mutant scenarios", { timeout: 300_000 }, () => {
  for (const name of scenarioNamesIn(mutantsDirectory)) {
    const file = scenarioPath(mutantsDirectory, name);
    const scenario = loadScenarioFile(file);
    const { expect: expectation } = scenario;
    const expectedReasons = expectation.verdict === "fail" ? expectation.by : [];
    const seeds = seedsOf(scenario, testSeedCount());

    it(`${name} is caught by ${expectedReasons.join(" or ")} within seeds ${seeds[0]}..${seeds.at(-1)}`, async () => {
      expect(expectation.verdict).toBe("fail");
      const hunt = await huntMutant({ file, seeds, expectedReasons, reportRoot });
      expect(hunt.runs.map((run) => run.error)).toEqual(hunt.runs.map(() => null));
      expect(hunt.caughtBySeed, JSON.stringify(hunt.runs, null, 2)).not.toBeNull();
    });

    if (scenario.raft.mutations.length === 0) continue;
    it(`${name} passes with its mutation switched off (seed ${seeds[0]})`, async () => {
      const corrected = withoutMutations(applyOverrides(scenario, { seed: seeds[0]! }));
      const { result } = await runScenario({ scenario: corrected, reportRoot });
      expect(result.error).toBeNull();
      expect(checkProblems(result)).toEqual([]);
      expect(result.verdict).toBe("pass");
    });
  }
});
