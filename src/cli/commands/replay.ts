import type { Command } from "commander";
import type { RunResult } from "../../report/index.js";
import type { ReplayOutcome } from "../../run/index.js";
import { colorAllowed } from "../color.js";
import { ExitCode } from "../exit-codes.js";
import { installInterruptHandler } from "../interrupt.js";
import type { CommandContext } from "../program.js";
import { parseReportDir } from "../report-dir.js";

/**
 * `raftctl replay RUN_DIR`: re-runs a sim run from its stored scenario and seed into a new run
 * folder and confirms the history and events are byte-identical (exit 0), or says where they
 * first differ (exit 70: a replay that differs is raftctl's own failure of determinism).
 */
export function registerReplayCommand(program: Command, context: CommandContext): void {
  program
    .command("replay")
    .description(
      "re-run a sim run from its stored scenario and seed; confirm a byte-identical history",
    )
    .argument("<run-dir>", "a run folder, e.g. reports/latest")
    .option(
      "--report-dir <dir>",
      "the report root for the new run (default: the original's)",
      parseReportDir,
    )
    .option("--json", "print the replayed run's result object as JSON")
    .action(async (runDir: string, options: { reportDir?: string; json?: boolean }) => {
      // Loaded here, not at start-up: other commands need none of it.
      const { replayRun } = await import("../../run/index.js");
      const { summaryLines } = await import("../../report/index.js");
      const interrupt = installInterruptHandler();
      try {
        const outcome = await replayRun(runDir, {
          signal: interrupt.signal,
          ...(options.reportDir === undefined ? {} : { reportRoot: options.reportDir }),
        });
        const lines = replayLines(outcome, {
          runDir,
          json: options.json === true,
          summary: (result) => summaryLines(result, { color: colorAllowed() }),
        });
        process.stdout.write(`${lines.join("\n")}\n`);
        context.setExitCode(interrupt.signal.aborted ? ExitCode.interrupted : outcome.exitCode);
      } finally {
        interrupt.dispose();
      }
    });
}

function replayLines(
  outcome: ReplayOutcome,
  options: { runDir: string; json: boolean; summary: (result: RunResult) => string[] },
): string[] {
  if (options.json) return [JSON.stringify(outcome.replay.result)];
  const lines = options.summary(outcome.replay.result);
  for (const difference of outcome.differences) {
    lines.push(`NOT identical: ${difference.file} first differs at line ${difference.line}`);
    lines.push(`    original: ${difference.original ?? "(end of file)"}`);
    lines.push(`    replayed: ${difference.replayed ?? "(end of file)"}`);
  }
  const verdict = outcome.replay.result.verdict;
  if (verdict !== outcome.originalVerdict) {
    lines.push(`NOT the same verdict: ${outcome.originalVerdict} originally, ${verdict} now`);
  }
  if (outcome.exitCode === 0) {
    lines.push(
      `identical: history.jsonl and events.jsonl match ${options.runDir} byte for byte; verdict ${verdict} as before`,
    );
  }
  return lines;
}
