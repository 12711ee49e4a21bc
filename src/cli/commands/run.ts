import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type Command, Option } from "commander";
import { type RunResult, renderJunitXml } from "../../report/index.js";
import { defaultReportRoot } from "../../run/index.js";
import { UsageError } from "../handle-error.js";
import { installInterruptHandler } from "../interrupt.js";
import type { CommandContext } from "../program.js";
import { type ChildMessage, runInChildren } from "../run/child-runner.js";
import { chooseReporter, colorAllowed } from "../run/choose-reporter.js";
import { runInProcess } from "../run/in-process-runner.js";
import { closingLines, invocationExitCode } from "../run/invocation-outcome.js";
import {
  jobsMax,
  type PlannedRun,
  parseCount,
  planRuns,
  type RunCommandOptions,
} from "../run/run-plan.js";

/**
 * `raftctl run FILE|DIR...`: every scenario file (a directory's `*.yaml`) is validated, then run
 * at each seed; the exit code is the CI gate (DESIGN.md, "Reports and exit codes").
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
    .option("--report-dir <dir>", "the report root", defaultReportRoot)
    .option("--junit <file>", "also write one JUnit XML file for the whole invocation")
    .option("--json", "print each run's result as one JSON object per line (JSON Lines)")
    .option("--quiet", "print only the final summary (and how to reproduce failures)")
    .addOption(new Option("--child", "internal: run as a --jobs child").hideHelp())
    .addHelpText("after", runHelpText)
    .action(async (paths: string[], options: RunCommandOptions) => {
      context.setExitCode(await runCommand(paths, options));
    });
}

const runHelpText = `
Exit codes: 0 every scenario met its expectation; 1 a check failed (or a mutant scenario
was not caught by any seed); 2 unknown (a budget or time limit ran out, nothing failed);
64 bad scenario or command line; 70 raftctl itself failed; 130 interrupted.
Each run writes <report-dir>/<scenario>/<UTC time>-seed<N>/ (scenario.yaml, nemesis.json,
history.jsonl, events.jsonl, result.json, report.html, junit.xml); <report-dir>/latest
points at the newest.`;

async function runCommand(paths: string[], options: RunCommandOptions): Promise<number> {
  const jobs = parseCount(options.jobs, "--jobs", jobsMax);
  const plan = planRuns(paths, options);
  if (options.child && plan.length !== 1) {
    throw new UsageError("--child runs exactly one scenario at one seed");
  }
  const interrupt = installInterruptHandler();
  const abortOnDisconnect = () => interrupt.interrupt();
  if (options.child) process.once("disconnect", abortOnDisconnect);
  const reporter = chooseReporter(options, plan.length);
  let results: RunResult[] = [];
  try {
    const runner = {
      reportRoot: options.reportDir,
      signal: interrupt.signal,
      reporter: options.child ? withProgressToParent(reporter) : reporter,
      failFast: options.failFast === true,
    };
    results =
      jobs > 1 && plan.length > 1
        ? await runInChildren(plan, { ...runner, jobs })
        : await runInProcess(plan, runner);
  } finally {
    reporter.close(closingLines(results, { color: reporterColor(options), planned: plan.length }));
    interrupt.dispose();
    process.off("disconnect", abortOnDisconnect);
  }
  if (options.junit !== undefined) await writeJunit(options.junit, results);
  return invocationExitCode(results, interrupt.signal.aborted);
}

/** A `--child` run also sends its progress to the parent over the IPC channel. */
function withProgressToParent(reporter: ReturnType<typeof chooseReporter>) {
  return {
    ...reporter,
    progress: (run: PlannedRun, progress: ChildMessage["progress"]) => {
      if (process.connected) process.send?.({ type: "progress", progress } satisfies ChildMessage);
      reporter.progress(run, progress);
    },
  };
}

function reporterColor(options: RunCommandOptions): boolean {
  return !options.json && colorAllowed();
}

async function writeJunit(path: string, results: readonly RunResult[]): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, renderJunitXml(results));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(
      `--junit ${path}: cannot write the file (${code}); choose a writable path`,
    );
  }
}
