import type { Command } from "commander";
import { colorAllowed } from "../color.js";
import type { CommandContext } from "../program.js";

/**
 * `raftctl analyze RUN_DIR`: re-checks a stored run (finished, interrupted or cut short),
 * recomputes its figures and rewrites its report; exit code by verdict (0, 1, 2), as `raftctl
 * run` of that one run would end. It never improves a verdict: a run that was interrupted or
 * ended in an error analyses to fail or unknown, never to a pass.
 */
export function registerAnalyzeCommand(program: Command, context: CommandContext): void {
  program
    .command("analyze")
    .description("re-check a stored run's history and events and rewrite its report")
    .argument("<run-dir>", "a run folder, e.g. reports/latest")
    .option("--no-write", "only print; leave result.json, report.html and junit.xml as they are")
    .option("--json", "print the result object as JSON")
    .action(async (runDir: string, options: { write: boolean; json?: boolean }) => {
      // Loaded here, not at start-up: other commands need none of it.
      const { analyzeRun } = await import("../../run/index.js");
      const { summaryLines } = await import("../../report/index.js");
      const outcome = await analyzeRun(runDir, { write: options.write });
      for (const warning of outcome.warnings) process.stderr.write(`warning: ${warning}\n`);
      const text = options.json
        ? JSON.stringify(outcome.result)
        : summaryLines(outcome.result, { color: colorAllowed() }).join("\n");
      process.stdout.write(`${text}\n`);
      context.setExitCode(outcome.exitCode);
    });
}
