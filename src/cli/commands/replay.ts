import type { Command } from "commander";
import { summaryLines } from "../../report/index.js";
import { type ReplayOutcome, replayRun } from "../../run/index.js";
import { ExitCode } from "../exit-codes.js";
import { installInterruptHandler } from "../interrupt.js";
import type { CommandContext } from "../program.js";
import { colorAllowed } from "../run/choose-reporter.js";

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
    .option("--report-dir <dir>", "the report root for the new run (default: the original's)")
    .option("--json", "print the replayed run's result object as JSON")
    .action(async (runDir: string, options: { reportDir?: string; json?: boolean }) => {
      const interrupt = installInterruptHandler();
      try {
        const outcome = await replayRun(runDir, {
          signal: interrupt.signal,
          ...(options.reportDir === undefined ? {} : { reportRoot: options.reportDir }),
        });
        process.stdout.write(`${replayLines(outcome, runDir, options.json === true).join("\n")}\n`);
        context.setExitCode(interrupt.signal.aborted ? ExitCode.interrupted : outcome.exitCode);
      } finally {
        interrupt.dispose();
      }
    });
}

function replayLines(outcome: ReplayOutcome, runDir: string, json: boolean): string[] {
  if (json) return [JSON.stringify(outcome.replay.result)];
  const lines = summaryLines(outcome.replay.result, { color: colorAllowed() });
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
      `identical: history.jsonl and events.jsonl match ${runDir} byte for byte; verdict ${verdict} as before`,
    );
  }
  return lines;
}
