import { type Command, Option } from "commander";
import { defaultReportRoot } from "../../run/report-root.js";
import type { CommandContext } from "../program.js";
import { parseReportDir } from "../report-dir.js";
import type { RunCommandOptions } from "../run/run-plan.js";

/**
 * `raftctl run FILE|DIR...`: every scenario file (a directory's `*.yaml`) is validated, then run
 * at each seed; the exit code is the CI gate (DESIGN.md, "Reports and exit codes"). The run
 * machinery is loaded when the command runs, so other commands and `--help` start quickly.
 */
export function registerRunCommand(program: Command, context: CommandContext): void {
  program
    .command("run")
    .description("run scenarios: a cluster under faults, a recorded history, checks, a report")
    .argument("<paths...>", "scenario files or directories (a directory means its *.yaml files)")
    .option("--seed <n>", "the first seed (default: each scenario's own)")
    .option("--seeds <n>", "run n seeds: seed, seed+1, ..., seed+n-1", "1")
    .addOption(
      new Option("--mode <mode>", "override the scenarios' cluster mode").choices([
        "sim",
        "process",
      ]),
    )
    .option("--duration <duration>", "override the scenarios' duration, e.g. 10s")
    .option("--jobs <n>", "runs at once, each in its own child process", "1")
    .option("--fail-fast", "stop after the first scenario that does not meet its expectation")
    .option("--report-dir <dir>", "the report root", parseReportDir, defaultReportRoot)
    .option("--junit <file>", "also write one JUnit XML file for the whole invocation")
    .option("--json", "print each run's result as one JSON object per line (JSON Lines)")
    .option("--quiet", "print only the final summary (and how to reproduce failures)")
    .addOption(new Option("--child", "internal: run as a --jobs child").hideHelp())
    .addHelpText("after", runHelpText)
    .action(async (paths: string[], options: RunCommandOptions) => {
      const { runCommand } = await import("../run/run-command.js");
      context.setExitCode(await runCommand(paths, options));
    });
}

const runHelpText = `
Exit codes: 0 every scenario met its expectation; 1 a check failed, a node of the system
under test failed on its own, or a mutant scenario was not caught by any seed; 2 unknown (a
budget or time limit ran out, or too little was observed, and nothing failed); 64 bad
scenario or command line; 70 raftctl itself failed; 74 an I/O failure outside raftctl's
control (disk full, read-only); 130 interrupted. Over several runs: 130 > 64 > 70 > 74 > 1 > 2 > 0.
Each run writes <report-dir>/<scenario>/<UTC time>-seed<N>/ (scenario.yaml, nemesis.json,
history.jsonl, events.jsonl, result.json, report.html, junit.xml); <report-dir>/latest
points at the newest.`;
