import { type RunResult, summaryTotalsLine } from "../../report/index.js";
import { scenarioExitCode } from "../../run/index.js";
import { ExitCode, worstExitCode } from "../exit-codes.js";

/**
 * What a whole `raftctl run` amounts to. Runs are grouped per scenario (its name): a scenario
 * that expects to pass takes its worst run (fail over unknown over pass); a mutant scenario
 * passes when any seed failed for an expected reason. A run that could not be judged — a bad
 * input (64), raftctl's own failure (70), an I/O failure (74), an interrupt (130) — counts as
 * such (`scenarioExitCode`). Over scenarios the one total order of `worstExitCode` decides.
 */
export function invocationExitCode(results: readonly RunResult[], interrupted: boolean): number {
  if (interrupted) return ExitCode.interrupted;
  const codes = groupByScenario(results).map(([, runs]) => scenarioCode(runs));
  return worstExitCode(codes);
}

function scenarioCode(runs: readonly RunResult[]): number {
  return scenarioExitCode(runs[0]!.expected, runs);
}

export function groupByScenario(results: readonly RunResult[]): [string, RunResult[]][] {
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    const group = groups.get(result.scenario) ?? [];
    group.push(result);
    groups.set(result.scenario, group);
  }
  return [...groups.entries()];
}

/**
 * One line per scenario that expects failure, saying which seed caught it:
 * `commit-prior-term: caught by seed 3 (linearizability)`, or that none did.
 */
export function mutantLines(results: readonly RunResult[]): string[] {
  const lines: string[] = [];
  for (const [scenario, runs] of groupByScenario(results)) {
    const expected = runs[0]!.expected;
    if (expected.verdict !== "fail") continue;
    const catching = runs.filter((run) => run.expectationMet);
    if (catching.length === 0) {
      const seeds = runs.map((run) => run.seed).join(", ");
      const noun = runs.length === 1 ? "seed" : "seeds";
      lines.push(
        `${scenario}: NOT caught by ${noun} ${seeds} (expected a failure by ${expected.by.join(" or ")})`,
      );
      continue;
    }
    const first = catching[0]!;
    const reasons = first.checks
      .filter((check) => check.verdict === "fail")
      .map((check) => check.name)
      .join(", ");
    const others =
      catching.length > 1 ? ` and ${catching.length - 1} more of ${runs.length} seeds` : "";
    lines.push(`${scenario}: caught by seed ${first.seed} (${reasons})${others}`);
  }
  return lines;
}

/** The closing lines: mutant scenarios and who caught them, then the totals. */
export function closingLines(
  results: readonly RunResult[],
  options: { color: boolean; planned: number },
): string[] {
  const lines = mutantLines(results);
  const notRun = options.planned - results.length;
  const totals = summaryTotalsLine(results, { color: options.color });
  lines.push(notRun > 0 ? `${totals} (${notRun} not run)` : totals);
  return lines;
}
