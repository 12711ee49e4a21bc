import type { RunResult } from "../../report/index.js";
import { runScenario } from "../../run/index.js";
import { letsScenarioDown } from "./fail-fast.js";
import type { RunReporter } from "./reporters.js";
import type { PlannedRun } from "./run-plan.js";

export interface RunnerOptions {
  reportRoot: string;
  signal: AbortSignal;
  reporter: RunReporter;
  failFast: boolean;
}

/** Runs the plan one run after another in this process; stops early on interrupt or `--fail-fast`. */
export async function runInProcess(
  plan: readonly PlannedRun[],
  options: RunnerOptions,
): Promise<RunResult[]> {
  const results = new Map<number, RunResult>();
  for (const run of plan) {
    if (options.signal.aborted) break;
    options.reporter.started(run);
    const outcome = await runScenario({
      scenario: run.scenario,
      scenarioFile: run.file,
      reportRoot: options.reportRoot,
      signal: options.signal,
      reproduceArguments: run.extraArguments,
      runKey: String(run.position),
      observer: { progress: (progress) => options.reporter.progress(run, progress) },
    });
    results.set(run.position, outcome.result);
    options.reporter.finished(run, outcome.result);
    if (options.failFast && letsScenarioDown({ result: outcome.result, run, plan, results })) break;
  }
  return [...results.values()];
}
