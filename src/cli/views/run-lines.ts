import { Chalk, type ChalkInstance } from "chalk";
import type { FinishedRun, RunProgress } from "../../run/progress.js";
import { formatDurationMs } from "../../scenario/units.js";

/**
 * The words shared by the terminal view and the plain-line reporter, so both say the same thing.
 */

export function colorer(useColor: boolean): ChalkInstance {
  return new Chalk({ level: useColor ? 1 : 0 });
}

/** "PASS", "FAIL", "UNKNOWN", or "PASS" for a mutant that failed as its scenario expects. */
export function outcomeWord(run: FinishedRun): "PASS" | "FAIL" | "UNKNOWN" {
  if (run.expectationMet) return "PASS";
  return run.verdict === "unknown" ? "UNKNOWN" : "FAIL";
}

export function finishedLine(run: FinishedRun, paint: ChalkInstance): string {
  const word = outcomeWord(run);
  const painted =
    word === "PASS" ? paint.green(word) : word === "FAIL" ? paint.red(word) : paint.yellow(word);
  const expectedFailure =
    run.expectationMet && run.verdict === "fail" ? " (failed as expected)" : "";
  const time = formatDurationMs(run.wallTimeMs);
  return `${painted} ${run.scenario} seed=${run.seed} ${time}${expectedFailure}  ${paint.dim(run.reportDir)}`;
}

/** The lines under a finished run that did not meet its expectation: what broke and how to reproduce. */
export function problemLines(run: FinishedRun, paint: ChalkInstance): string[] {
  if (run.expectationMet) return [];
  const lines = run.problems.map((problem) => `    ${problem}`);
  lines.push(`    reproduce: ${paint.bold(run.reproduce)}`);
  return lines;
}

export function progressLine(progress: RunProgress): string {
  const percent =
    progress.durationMs > 0
      ? Math.min(100, Math.floor((100 * progress.scenarioTimeMs) / progress.durationMs))
      : 0;
  const { ok, fail, info } = progress.counts;
  return `${progress.scenario} seed=${progress.seed} ${progress.phase} ${percent}%  ok=${ok} fail=${fail} info=${info}`;
}

export function nodesLine(progress: RunProgress): string {
  return progress.nodes
    .map((node) => {
      if (!node.up) return `${node.node}:down`;
      const role = node.paused ? "paused" : node.role;
      return `${node.node}:${role} t${node.term} c${node.commitIndex}`;
    })
    .join("  ");
}
