import { computeRunFigures, type RunResult } from "../../report/index.js";
import { buildRunResult, reproductionCommand } from "../../run/index.js";
import type { PlannedRun } from "./run-plan.js";

/**
 * The result of a `--jobs` child that ended without printing one (it crashed, or refused its
 * arguments): raftctl's own failure (or a user error the child found, 64), with the tail of the
 * child's stderr, so the run still has a line, a junit case and an exit code.
 */
export function childFailureResult(
  run: PlannedRun,
  failure: { why: string; stderr: string; exitCode: 64 | 70 },
): RunResult {
  const lastLine = failure.stderr.trim().split("\n").pop() ?? "";
  const message = `the child process for ${run.file} seed ${run.seed} failed: ${failure.why}${lastLine === "" ? "" : ` (${lastLine})`}`;
  return buildRunResult({
    scenario: run.scenario,
    scenarioFile: run.file,
    startedAt: new Date(),
    wallTimeMs: 0,
    checks: [],
    figures: computeRunFigures({ records: [], events: [] }),
    stop: null,
    problem: { verdict: failure.exitCode === 64 ? "bad-input" : "error", message },
    reproduce: reproductionCommand({
      scenarioFile: run.file,
      seed: run.seed,
      extraArguments: run.extraArguments,
      reportDir: "",
    }),
    reportDir: "",
  });
}
