import { spawn } from "node:child_process";
import type { RunResult } from "../../report/index.js";
import type { RunProgress } from "../../run/index.js";
import { childExitCode, childFailureResult } from "./child-failure.js";
import { letsScenarioDown } from "./fail-fast.js";
import type { RunnerOptions } from "./in-process-runner.js";
import type { PlannedRun } from "./run-plan.js";

/** Bytes of a child's stderr kept for the message when it fails without a result. */
const stderrTailBytesMax = 4096;

/** A message a `--child` run sends its parent over the IPC channel. */
export interface ChildMessage {
  type: "progress";
  progress: RunProgress;
}

/**
 * `--jobs N`: the plan in up to N child processes at once, each `raftctl run --seed N --json
 * -- FILE` into the same report root (spawned as an argument vector: this Node.js with its own
 * flags and the same CLI entry). A child reports progress over an IPC channel and its result as
 * JSON on stdout. On interrupt every child gets SIGINT and writes its partial report; a child
 * whose parent dies sees the channel close and stops the same way, so none is left behind.
 */
export async function runInChildren(
  plan: readonly PlannedRun[],
  options: RunnerOptions & { jobs: number },
): Promise<RunResult[]> {
  const queue = [...plan];
  const results = new Map<number, RunResult>();
  let stopLaunching = false;
  const worker = async () => {
    for (;;) {
      if (stopLaunching || options.signal.aborted) return;
      const run = queue.shift();
      if (run === undefined) return;
      options.reporter.started(run);
      const result = await runChild(run, options);
      results.set(run.position, result);
      options.reporter.finished(run, result);
      if (options.failFast && letsScenarioDown({ result, run, plan, results })) {
        stopLaunching = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, plan.length) }, worker));
  return [...results.entries()].sort(([left], [right]) => left - right).map(([, result]) => result);
}

function childArguments(run: PlannedRun, reportRoot: string): string[] {
  const entry = process.argv[1];
  if (entry === undefined)
    throw new Error("cannot find raftctl's entry point to start --jobs children");
  return [
    ...process.execArgv,
    entry,
    "run",
    "--seed",
    String(run.seed),
    ...run.extraArguments,
    "--report-dir",
    reportRoot,
    "--json",
    "--child",
    // After `--` the path is a path, even when it starts with `-`.
    "--",
    run.file,
  ];
}

function runChild(run: PlannedRun, options: RunnerOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, childArguments(run, options.reportRoot), {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-stderrTailBytesMax);
    });
    child.on("message", (message: ChildMessage) => {
      if (message?.type === "progress") options.reporter.progress(run, message.progress);
    });
    const interrupt = () => child.kill("SIGINT");
    options.signal.addEventListener("abort", interrupt, { once: true });
    const finish = (code: number | null, failure: string | null) => {
      options.signal.removeEventListener("abort", interrupt);
      const result = resultFromOutput(stdout);
      if (result !== null) return resolve(result);
      const why = failure ?? `it exited with ${code === null ? "a signal" : `code ${code}`}`;
      resolve(childFailureResult(run, { why, stderr, exitCode: childExitCode(code) }));
    };
    child.on("error", (error) => finish(null, `it could not start: ${error.message}`));
    child.on("close", (code) => finish(code, null));
  });
}

/** The result a child printed: the last line of its stdout that is a result object. */
function resultFromOutput(stdout: string): RunResult | null {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line) as Partial<RunResult>;
      if (parsed && parsed.formatVersion === 1 && typeof parsed.scenario === "string") {
        return parsed as RunResult;
      }
    } catch {
      // Not a result line; keep looking.
    }
  }
  return null;
}
