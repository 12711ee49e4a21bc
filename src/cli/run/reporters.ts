import { type RunResult, summaryLines } from "../../report/index.js";
import type { RunProgress } from "../../run/index.js";
import type { PlannedRun } from "./run-plan.js";

/**
 * How `raftctl run` shows runs: the ink view on a terminal, plain lines elsewhere (CI), JSON
 * Lines with `--json`, only the end with `--quiet`. The runner calls these; it never knows which.
 */
export interface RunReporter {
  started(run: PlannedRun): void;
  progress(run: PlannedRun, progress: RunProgress): void;
  finished(run: PlannedRun, result: RunResult): void;
  /** After the last run: the closing lines (mutants, totals). Must leave the terminal clean. */
  close(closing: string[]): void;
}

export type Write = (text: string) => void;

/** Plain lines as runs finish, then the closing lines: for CI logs and pipes. */
export function plainReporter(options: { write: Write; color: boolean }): RunReporter {
  return {
    started: () => {},
    progress: () => {},
    finished: (_run, result) => {
      options.write(`${summaryLines(result, { color: options.color }).join("\n")}\n`);
    },
    close: (closing) => options.write(`${closing.join("\n")}\n`),
  };
}

/**
 * `--quiet`: nothing while runs go; at the end the runs that let their scenario down (with what
 * broke and the reproduction line), then the closing lines. A mutant's seed that did not catch
 * it is not shown when another seed did.
 */
export function quietReporter(options: { write: Write; color: boolean }): RunReporter {
  const results: RunResult[] = [];
  return {
    started: () => {},
    progress: () => {},
    finished: (_run, result) => {
      results.push(result);
    },
    close: (closing) => {
      const caught = new Set(
        results.filter((result) => result.expectationMet).map((result) => result.scenario),
      );
      const shown = results.filter(
        (result) =>
          result.exitCode !== 0 &&
          !(
            result.expected.verdict === "fail" &&
            caught.has(result.scenario) &&
            result.error === null &&
            !result.interrupted
          ),
      );
      const lines = shown.flatMap((result) => summaryLines(result, { color: options.color }));
      options.write(`${[...lines, ...closing].join("\n")}\n`);
    },
  };
}

/**
 * `--json`: each run's result object (the content of its result.json) on one line of stdout as
 * it finishes — JSON Lines, one object per line, nothing else on stdout.
 */
export function jsonReporter(options: { write: Write }): RunReporter {
  return {
    started: () => {},
    progress: () => {},
    finished: (_run, result) => options.write(`${JSON.stringify(result)}\n`),
    close: () => {},
  };
}
