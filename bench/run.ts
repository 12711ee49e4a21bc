/**
 * The `raftctl run` benchmark (`npm run bench:run`): wall time of the README's quick start
 * (`raftctl run scenarios/quickstart.yaml`), of the whole shipped set (`raftctl run scenarios`)
 * and of the mutants (`raftctl run scenarios/mutants`), each spawned as a user would run it.
 * Prints one JSON object.
 *
 *   npm run bench:run                       the built CLI (dist/cli/main.js, what `npx raftctl`
 *                                           runs), built first with `npm run build`
 *   npm run bench:run -- --no-build         the built CLI as it is
 *   npm run bench:run -- --runner tsx       the sources through tsx (no build)
 *   npm run bench:run -- --jobs 2           pass --jobs to the set runs
 *   npm run bench:run -- --repeat 5         quick-start repetitions (default 3; the median counts)
 *
 * Wall time on a shared machine depends on what else runs: the 1-minute load average before and
 * after is printed with the figures (a load above the core count means the runs waited for CPU).
 * Reports go to a temporary directory, removed afterwards. Every run must meet its scenario's
 * expectation (exit 0): a benchmark of a failing run would time the wrong thing, so the
 * program exits 1 when one does not, after printing what it measured.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildPackage,
  type RunnerOptions,
  repositoryRoot,
  takeRunnerFlag,
} from "./build-package.js";

type Runner = RunnerOptions["runner"];

interface BenchOptions extends RunnerOptions {
  jobs: number;
  repeat: number;
}

interface TimedCommand {
  command: string;
  wallMs: number;
  exitCode: number | null;
}

/** No single invocation here should come near this; past it the benchmark gives up. */
const invocationTimeoutMs = 30 * 60_000;
const repeatMax = 20;
const jobsMax = 16;

function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { runner: "dist", build: true, jobs: 1, repeat: 3 };
  for (let position = 0; position < argv.length; position++) {
    const flag = argv[position];
    const value = argv[position + 1];
    const used = takeRunnerFlag(argv, position, options);
    if (used > 0) position += used - 1;
    else if (flag === "--jobs" || flag === "--repeat") {
      const count = Number(value);
      const limit = flag === "--jobs" ? jobsMax : repeatMax;
      if (!Number.isInteger(count) || count < 1 || count > limit) {
        throw new Error(`${flag} takes an integer from 1 to ${limit}, got '${value}'`);
      }
      if (flag === "--jobs") options.jobs = count;
      else options.repeat = count;
      position++;
    } else {
      throw new Error(
        `unknown argument '${flag}'; use --runner dist|tsx, --no-build, --jobs N, --repeat N`,
      );
    }
  }
  return options;
}

/** The argument vector that starts raftctl the chosen way (never through a shell). */
function raftctlCommand(runner: Runner): string[] {
  if (runner === "dist") return [process.execPath, join(repositoryRoot, "dist/cli/main.js")];
  return [process.execPath, "--import", "tsx", join(repositoryRoot, "src/cli/main.ts")];
}

function timed(argv: readonly string[], label: string): TimedCommand {
  const [program, ...rest] = argv as [string, ...string[]];
  const started = performance.now();
  const child = spawnSync(program, rest, {
    cwd: repositoryRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NO_COLOR: "1" },
    timeout: invocationTimeoutMs,
  });
  const wallMs = Math.round(performance.now() - started);
  if (child.error) throw new Error(`${label}: ${child.error.message}`);
  return { command: label, wallMs, exitCode: child.status };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle]!;
  return Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function roundedLoad(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

function runRaftctl(options: BenchOptions, reportRoot: string, target: string, jobs: number) {
  const argv = [
    ...raftctlCommand(options.runner),
    "run",
    target,
    "--report-dir",
    reportRoot,
    "--quiet",
    ...(jobs > 1 ? ["--jobs", String(jobs)] : []),
  ];
  const shown = `raftctl run ${target}${jobs > 1 ? ` --jobs ${jobs}` : ""}`;
  return timed(argv, shown);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const built =
    options.runner === "dist" && options.build
      ? { command: "npm run build", ...buildPackage() }
      : null;
  const loadBefore = roundedLoad();
  const reportRoot = mkdtempSync(join(tmpdir(), "raftctl-bench-run-"));
  try {
    const quickstartRuns = Array.from({ length: options.repeat }, () =>
      runRaftctl(options, reportRoot, "scenarios/quickstart.yaml", 1),
    );
    const scenarios = runRaftctl(options, reportRoot, "scenarios", options.jobs);
    const mutants = runRaftctl(options, reportRoot, "scenarios/mutants", options.jobs);
    const all = [...quickstartRuns, scenarios, mutants];
    const figures = {
      runner:
        options.runner === "dist"
          ? "node dist/cli/main.js (the built CLI that npx raftctl runs)"
          : "node --import tsx src/cli/main.ts",
      buildWallMs: built?.wallMs ?? null,
      node: process.version,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model ?? null,
      loadAverage1m: { before: loadBefore, after: roundedLoad() },
      quickstart: {
        command: quickstartRuns[0]!.command,
        wallMsMedian: median(quickstartRuns.map((run) => run.wallMs)),
        wallMs: quickstartRuns.map((run) => run.wallMs),
        exitCodes: quickstartRuns.map((run) => run.exitCode),
      },
      scenarios,
      mutants,
      allMetExpectations: all.every((run) => run.exitCode === 0),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    if (!figures.allMetExpectations) process.exitCode = 1;
  } finally {
    rmSync(reportRoot, { recursive: true, force: true });
  }
}

main();
