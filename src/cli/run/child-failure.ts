import { computeRunFigures, type RunResult } from "../../report/index.js";
import { buildRunResult, reproductionCommand } from "../../run/index.js";
import type { PlannedRun } from "./run-plan.js";

/** The exit codes a child that printed no result is taken at its word for; any other is 70. */
export type ChildExitCode = 64 | 70 | 74 | 130;

const problemVerdicts = {
  64: "bad-input",
  70: "error",
  74: "io-failure",
} as const;

/** What a child's exit code says it met, when it printed no result. */
export function childExitCode(code: number | null): ChildExitCode {
  return code === 64 || code === 74 || code === 130 ? code : 70;
}

/**
 * The result of a `--jobs` child that ended without printing one (it crashed, or refused its
 * arguments): raftctl's own failure (or what the child's exit code says it met: a user error,
 * 64; an I/O failure, 74; an interrupt, 130), with the tail of the child's stderr, so the run
 * still has a line, a junit case and an exit code.
 */
export function childFailureResult(
  run: PlannedRun,
  failure: { why: string; stderr: string; exitCode: ChildExitCode },
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
    stop: failure.exitCode === 130 ? "interrupt" : null,
    problem:
      failure.exitCode === 130 ? null : { verdict: problemVerdicts[failure.exitCode], message },
    reproduce: reproductionCommand({
      scenarioFile: run.file,
      seed: run.seed,
      extraArguments: run.extraArguments,
      reportDir: "",
    }),
    reportDir: "",
  });
}
