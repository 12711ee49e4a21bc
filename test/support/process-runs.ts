import type { FailureReason, RunResult } from "../../src/report/index.js";
import { runScenario } from "../../src/run/index.js";
import { applyOverrides, loadScenarioFile } from "../../src/scenario/index.js";
import { checkProblems, type MutantHunt, reasonsFailedFor } from "./scenario-runs.js";

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

/**
 * Runs a mutant's seeds in process mode, in order, until one fails for an expected reason (as
 * `raftctl run` judges a scenario that expects failure) — or, with `everySeed`, runs them all,
 * so that a seed that misses shows. Each run is a real-time run of the scenario's duration.
 */
export async function huntMutantInProcessMode(options: {
  file: string;
  seeds: readonly number[];
  expectedReasons: readonly FailureReason[];
  reportRoot: string;
  everySeed?: boolean;
}): Promise<MutantHunt & { missedSeeds: number[] }> {
  const runs: MutantHunt["runs"] = [];
  const missedSeeds: number[] = [];
  let caughtBySeed: number | null = null;
  for (const seed of options.seeds) {
    const result = await runProcessSeed({
      file: options.file,
      seed,
      reportRoot: options.reportRoot,
    });
    const reasons = reasonsFailedFor(result);
    runs.push({ seed, reasons, problems: checkProblems(result), error: result.error });
    const caught = reasons.some((reason) => options.expectedReasons.includes(reason));
    if (!caught) missedSeeds.push(seed);
    if (caught) caughtBySeed ??= seed;
    if (caught && options.everySeed !== true) break;
  }
  return { caughtBySeed, runs, missedSeeds };
}
