import type { FailureReason, RunResult } from "../../src/report/index.js";
import { runScenario } from "../../src/run/index.js";
import { applyOverrides, loadScenarioFile } from "../../src/scenario/index.js";
import { type CrashExposures, crashExposuresOfRun } from "./lost-acknowledged-writes.js";
import { checkProblems, reasonsFailedFor } from "./scenario-runs.js";

/**
 * Running scenario files in process mode the way `raftctl run FILE --seed N --mode process`
 * does: in-process through `runScenario`, the nodes as child processes on real files, each run
 * into its own report folder under a temporary root that the caller removes.
 */

/** One run of a scenario file in process mode with its seed overridden. */
export async function runProcessSeed(options: {
  file: string;
  seed: number;
  reportRoot: string;
}): Promise<RunResult> {
  const scenario = applyOverrides(loadScenarioFile(options.file), {
    seed: options.seed,
    mode: "process",
  });
  const outcome = await runScenario({
    scenario,
    scenarioFile: options.file,
    reportRoot: options.reportRoot,
  });
  return outcome.result;
}

/** One run of a mutant in process mode: what it failed for and what it exposed the mutant to. */
export interface ExposedRun {
  seed: number;
  reasons: FailureReason[];
  problems: string[];
  error: string | null;
  exposures: CrashExposures;
  /** Whether it failed for a reason in the scenario's `expect.by`. */
  caught: boolean;
}

export interface ExposureHunt {
  /** The first seed whose run failed for a reason in `expect.by`; null when none did. */
  caughtBySeed: number | null;
  /** Every run made, in seed order. */
  runs: ExposedRun[];
  /** Majority rounds of crashes that lost committed entries, over all runs made. */
  exposures: number;
}

/** Crashes of one nemesis action land within this of each other, even on a loaded machine. */
const exposureRoundGapMs = 250;

/** Runs one seed in process mode and reads from its events what it exposed the mutant to. */
async function runExposedSeed(options: {
  file: string;
  seed: number;
  nodeCount: number;
  expectedReasons: readonly FailureReason[];
  reportRoot: string;
}): Promise<ExposedRun> {
  const result = await runProcessSeed(options);
  const exposures = crashExposuresOfRun({
    runDirectory: result.reportDir,
    nodeCount: options.nodeCount,
    roundGapMs: exposureRoundGapMs,
  });
  const reasons = reasonsFailedFor(result);
  return {
    seed: options.seed,
    reasons,
    problems: checkProblems(result),
    error: result.error,
    exposures,
    caught: reasons.some((reason) => options.expectedReasons.includes(reason)),
  };
}

/**
 * Hunts a mutant whose bug shows only when crashes lose acknowledged writes, bounded by what
 * happened rather than by a number of seeds: seeds run in order until one catches the mutant, or
 * until the runs together gave it `exposuresMax` chances to be caught (majority rounds of
 * crashes that lost committed entries, read from each run's events) without a catch — a real
 * miss. On a busy machine a run gives fewer chances (slow fsyncs and restarts shift every
 * window), so the hunt goes on to more seeds instead of judging on too little; `seedCountMax`
 * only stops a machine that gives no chance at all, and the caller reports that apart.
 */
export async function huntMutantByExposures(options: {
  file: string;
  firstSeed: number;
  expectedReasons: readonly FailureReason[];
  reportRoot: string;
  exposuresMax: number;
  seedCountMax: number;
}): Promise<ExposureHunt> {
  const nodeCount = loadScenarioFile(options.file).cluster.nodes;
  const hunt: ExposureHunt = { caughtBySeed: null, runs: [], exposures: 0 };
  for (let offset = 0; offset < options.seedCountMax; offset++) {
    const run = await runExposedSeed({ ...options, seed: options.firstSeed + offset, nodeCount });
    hunt.runs.push(run);
    hunt.exposures += run.exposures.majorityRoundsLosingCommitted;
    if (run.caught) {
      hunt.caughtBySeed = run.seed;
      return hunt;
    }
    if (hunt.exposures >= options.exposuresMax) return hunt;
  }
  return hunt;
}

/**
 * Runs every one of `seeds` (the slow suite's sweep), keeping for each run whether it caught the
 * mutant and what it exposed the mutant to; the caller judges the misses by their exposures.
 */
export async function sweepMutantByExposures(options: {
  file: string;
  seeds: readonly number[];
  expectedReasons: readonly FailureReason[];
  reportRoot: string;
}): Promise<ExposedRun[]> {
  const nodeCount = loadScenarioFile(options.file).cluster.nodes;
  const runs: ExposedRun[] = [];
  for (const seed of options.seeds) {
    runs.push(await runExposedSeed({ ...options, seed, nodeCount }));
  }
  return runs;
}
