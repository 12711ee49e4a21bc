import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { type RunResult, renderJunitXml } from "../../report/index.js";
import { colorAllowed } from "../color.js";
import { UsageError } from "../handle-error.js";
import { installInterruptHandler } from "../interrupt.js";
import { type ChildMessage, runInChildren } from "./child-runner.js";
import { chooseReporter } from "./choose-reporter.js";
import { runInProcess } from "./in-process-runner.js";
import { closingLines, invocationExitCode } from "./invocation-outcome.js";
import type { RunReporter } from "./reporters.js";
import {
  jobsMax,
  type PlannedRun,
  parseCount,
  planRuns,
  type RunCommandOptions,
} from "./run-plan.js";

/**
 * `raftctl run`'s work: plan every run (validating everything first), run them in this process
 * or in `--jobs` children under one interrupt handler, show them, write `--junit`, and return
 * the invocation's exit code.
 */
export async function runCommand(paths: string[], options: RunCommandOptions): Promise<number> {
  const jobs = parseCount(options.jobs, "--jobs", jobsMax);
  const plan = planRuns(paths, options);
  if (options.child && plan.length !== 1) {
    throw new UsageError("--child runs exactly one scenario at one seed");
  }
  const interrupt = installInterruptHandler();
  const abortOnDisconnect = () => interrupt.interrupt();
  if (options.child) process.once("disconnect", abortOnDisconnect);
  const reporter = await chooseReporter(options, plan.length);
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
function withProgressToParent(reporter: RunReporter): RunReporter {
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
