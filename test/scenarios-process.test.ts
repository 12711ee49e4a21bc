import { afterAll, describe, expect, it } from "vitest";
import { assertRunnable, runScenario } from "../src/run/index.js";
import { applyOverrides, loadScenarioFile, parseScenarioText } from "../src/scenario/index.js";
import { huntMutantByExposures, sweepMutantByExposures } from "./support/process-runs.js";
import {
  checkProblems,
  createReportRoot,
  mutantsDirectory,
  removeReportRoot,
  scenarioPath,
  seedsOf,
  testSeedCount,
  withoutMutations,
} from "./support/scenario-runs.js";

/**
 * The ack-before-fsync mutant in process mode (issue 5): on real processes and real files, with
 * the scenario's slow disk applied to every fsync, crashes that lose unsynced writes must catch a
 * follower that acknowledged entries before its fsync — for a reason the scenario's `expect.by`
 * names, within the seeds the suite runs.
 *
 * Each run takes the scenario's duration in real time. `npm test` hunts seed after seed until one
 * catches the mutant, bounded not by a number of seeds but by what the runs did: the crash
 * rounds in which a majority lost entries the cluster had committed (the mutant's chances to be
 * caught, read from each run's events). `npm run test:slow` (RAFTCTL_TEST_SEEDS set) also runs
 * every seed of its range, and requires the seeds that missed to have given the mutant fewer
 * than the same number of chances between them.
 */

const file = scenarioPath(mutantsDirectory, "ack-before-fsync");
const scenario = loadScenarioFile(file);
const expectedReasons = scenario.expect.verdict === "fail" ? scenario.expect.by : [];
const seeds = seedsOf(scenario, testSeedCount());
const everySeed = process.env.RAFTCTL_TEST_SEEDS !== undefined;
const controlDuration = "12s";
/** A correct catch takes two or three such rounds (about one run); twelve missed is a miss. */
const exposuresMax = 12;
/** Only a machine that gives no chance at all runs this many 25-second seeds. */
const huntSeedCountMax = 12;

const reportRoot = createReportRoot("process-mutants");
afterAll(() => removeReportRoot(reportRoot));

describe("disk.syncLatency in process mode", () => {
  it("adds no latency to the real disk when the scenario leaves the disk at its default", () => {
    const withoutDisk = (mode: string) =>
      parseScenarioText(
        `name: plain\ncluster: { mode: ${mode} }\nduration: 1s\n`,
        "inline scenario",
      );
    expect(withoutDisk("process").disk.syncLatencyMs).toEqual([0, 0]);
    expect(withoutDisk("sim").disk.syncLatencyMs).toEqual([1, 4]);
    const overridden = applyOverrides(withoutDisk("sim"), { mode: "process" });
    expect(overridden.disk.syncLatencyMs).toEqual([0, 0]);
  });

  it("slows every fsync by the scenario's own range otherwise, even one spelling out the sim default", () => {
    expect(scenario.disk.syncLatencyMs).toEqual([1, 40]);
    const spelledOut = parseScenarioText(
      "name: plain\ncluster: { mode: process }\ndisk: { syncLatency: [1ms, 4ms] }\nduration: 1s\n",
      "inline scenario",
    );
    expect(spelledOut.disk.syncLatencyMs).toEqual([1, 4]);
  });

  it("refuses before the run a disk slower than process mode models, and only in process mode", () => {
    const slowDisk = (mode: string) =>
      parseScenarioText(
        `name: slow-disk\ncluster: { mode: ${mode} }\ndisk: { syncLatency: [1s, 3s] }\nduration: 5s\n`,
        "slow-disk.yaml",
      );
    expect(() => assertRunnable(slowDisk("process"))).toThrow(
      "slow-disk.yaml:3:22: disk.syncLatency: process mode models sync latencies up to 2s, got up to 3s; shorten it or run in sim mode",
    );
    expect(() => assertRunnable(slowDisk("sim"))).not.toThrow();
  });
});

describe("the ack-before-fsync mutant in process mode", { timeout: 900_000 }, () => {
  if (everySeed) {
    // The slow suite runs every seed of its range, judged by the same bound: the seeds that
    // missed may together have given the mutant fewer than exposuresMax chances, no more.
    const range = `seeds ${seeds[0]}..${seeds.at(-1)}`;
    it(`is caught by ${expectedReasons.join(" or ")} over ${range}, missing fewer than ${exposuresMax} chances`, async () => {
      expect(scenario.expect.verdict).toBe("fail");
      const runs = await sweepMutantByExposures({ file, seeds, expectedReasons, reportRoot });
      const summary = JSON.stringify(runs, null, 2);
      expect(runs.map((run) => run.error)).toEqual(runs.map(() => null));
      const missed = runs.filter((run) => !run.caught);
      const missedChances = missed.reduce(
        (sum, run) => sum + run.exposures.majorityRoundsLosingCommitted,
        0,
      );
      expect(missed.length, summary).toBeLessThan(runs.length);
      expect(
        missedChances,
        `missed seeds ${missed.map((run) => run.seed)}\n${summary}`,
      ).toBeLessThan(exposuresMax);
    });
  }

  // Bounded by what happened: a busy machine gives a run fewer crashes that lose acknowledged
  // writes, so the hunt takes more seeds rather than judging on fewer chances. It fails when the
  // mutant survived exposuresMax such chances (a real miss), or when the machine gave too few
  // in seedCountMax runs to judge (said apart, with the counts).
  it(`is caught by ${expectedReasons.join(" or ")} before ${exposuresMax} crash rounds that lose committed entries`, async () => {
    expect(scenario.expect.verdict).toBe("fail");
    const hunt = await huntMutantByExposures({
      file,
      firstSeed: seeds[0]!,
      expectedReasons,
      reportRoot,
      exposuresMax,
      seedCountMax: huntSeedCountMax,
    });
    const summary = JSON.stringify(hunt.runs, null, 2);
    expect(hunt.runs.map((run) => run.error)).toEqual(hunt.runs.map(() => null));
    const tooFewChances = hunt.caughtBySeed === null && hunt.exposures < exposuresMax;
    expect(
      tooFewChances,
      `only ${hunt.exposures} crash rounds lost committed entries in ${hunt.runs.length} runs: too few to judge\n${summary}`,
    ).toBe(false);
    expect(
      hunt.caughtBySeed,
      `missed through ${hunt.exposures} exposures\n${summary}`,
    ).not.toBeNull();
  });

  // The control run, cut to its first crashes so that npm test's process-mode set stays within
  // its two minutes: the correct Raft must pass under the same rhythm of crashes.
  it(`passes with its mutation switched off (seed ${seeds[0]}, the first ${controlDuration})`, async () => {
    const processScenario = applyOverrides(scenario, {
      seed: seeds[0]!,
      mode: "process",
      duration: controlDuration,
    });
    const { result } = await runScenario({
      scenario: withoutMutations(processScenario),
      reportRoot,
    });
    expect(result.error).toBeNull();
    expect(checkProblems(result)).toEqual([]);
    expect(result.verdict).toBe("pass");
    expect(result.figures.faults).toBeGreaterThanOrEqual(5);
  });
});
