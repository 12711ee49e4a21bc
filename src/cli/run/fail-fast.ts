import type { RunResult } from "../../report/index.js";
import type { PlannedRun } from "./run-plan.js";

/**
 * Whether `--fail-fast` stops after this result: a scenario expected to pass stops at its first
 * run that did not pass; a mutant scenario only once all its seeds ran and none caught it (one
 * seed missing a mutant is no failure while another may catch it); raftctl's own failure always.
 */
export function letsScenarioDown(options: {
  result: RunResult;
  run: PlannedRun;
  plan: readonly PlannedRun[];
  results: ReadonlyMap<number, RunResult>;
}): boolean {
  const { result, run } = options;
  if (result.error !== null) return true;
  if (result.expected.verdict === "pass") return result.exitCode !== 0;
  const seedsOfScenario = options.plan.filter((planned) => planned.file === run.file);
  const done = seedsOfScenario.map((planned) => options.results.get(planned.position));
  if (done.some((finished) => finished === undefined)) return false;
  return !done.some((finished) => finished?.expectationMet);
}
