import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveNemesisSchedule } from "../chaos/index.js";
import type { HistoryHeader } from "../history/types.js";
import { type Scenario, stringifyScenario } from "../scenario/index.js";
import { ioFailureOf } from "./io-failure.js";
import { ProgressTicker } from "./progress-ticker.js";
import { defaultReportRoot } from "./report-root.js";
import { assertRunnable, createRunCluster } from "./run-cluster.js";
import { createRunDirectory, displayPath, runFiles } from "./run-directory.js";
import { type ExecutionReport, modelOf, RunExecution } from "./run-execution.js";
import { defaultWallClockCapMs, type RunOutcome, type RunScenarioOptions } from "./run-options.js";
import { RunRecorder } from "./run-recorder.js";
import { type RunStop, reproductionCommand } from "./run-result.js";
import { settleRun } from "./settle-run.js";
import { raftctlVersion } from "./version.js";

export { defaultReportRoot };

/**
 * One run end to end (DESIGN.md, `src/run`): the scenario's cluster, workload and nemesis for
 * its duration, the final reads, then the checks and the report in
 * `<root>/<scenario>/<UTC time>-seed<N>/`. A problem with the scenario itself (an unknown
 * mutation, a schedule the nemesis cannot hold) throws an exit-64 error before anything is
 * written; once the run folder exists every outcome — pass, fail, unknown, interrupted,
 * raftctl's own error, an I/O failure — is written there and returned.
 */
export async function runScenario(options: RunScenarioOptions): Promise<RunOutcome> {
  const { scenario } = options;
  const scenarioFile = options.scenarioFile ?? null;
  assertRunnable(scenario);
  const startedAt = new Date();
  const wallStartMs = performance.now();
  const runDir = await createRunDirectory({
    root: options.reportRoot ?? defaultReportRoot,
    scenario: scenario.name,
    seed: scenario.cluster.seed,
    startedAt,
  });
  const runCluster = createRunCluster(scenario, { runDir });
  options.onCluster?.(runCluster.cluster, runDir);
  const schedule = resolveNemesisSchedule(scenario.nemesis, {
    random: runCluster.random("nemesis-schedule"),
    durationMs: scenario.durationMs,
    nodes: runCluster.cluster.nodes,
  });
  await writeRunFile(join(runDir, runFiles.scenario), stringifyScenario(scenario));
  await writeRunFile(join(runDir, runFiles.nemesis), `${JSON.stringify(schedule, null, 2)}\n`);
  const recorder = new RunRecorder(runDir, historyHeader(scenario));
  const reportDir = displayPath(runDir);
  const common = {
    scenario,
    scenarioFile,
    startedAt,
    wallStartMs,
    reportDir,
    runDir,
    recorder,
    runCluster,
    observer: options.observer,
    reproduce:
      options.reproduce ??
      reproductionCommand({
        scenarioFile,
        seed: scenario.cluster.seed,
        extraArguments: options.reproduceArguments ?? [],
        reportDir,
      }),
  };
  let live: LiveOutcome;
  try {
    const execution = new RunExecution(scenario, runCluster, schedule, recorder);
    // A history that cannot be written any more (disk full) ends the run: it is checked as far
    // as it went, and the result says why it ended (exit 74).
    recorder.onFailure(() => execution.stop());
    live = await runLive(execution, options);
  } finally {
    recorder.close();
  }
  const outcome = await settleRun({ ...common, ...live });
  options.observer?.finished?.(outcome.result);
  return outcome;
}

export interface LiveOutcome {
  execution: ExecutionReport;
  stop: RunStop;
}

/** Runs the live part under the interrupt signal, the wall-clock cap and the progress timer. */
async function runLive(execution: RunExecution, options: RunScenarioOptions): Promise<LiveOutcome> {
  const { scenario } = options;
  let stop: RunStop = null;
  const stopWith = (reason: Exclude<RunStop, null>) => {
    stop ??= reason;
    execution.stop();
  };
  const onAbort = () => stopWith("interrupt");
  const capMs = options.wallClockCapMs ?? defaultWallClockCapMs(scenario);
  const capTimer = setTimeout(() => stopWith("time-limit"), capMs);
  capTimer.unref();
  const ticker = progressTicker(execution, options);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  try {
    ticker?.start();
    const report = await execution.run((phase) =>
      ticker?.enter(phase === "stopped" ? "checking" : phase),
    );
    return { execution: report, stop };
  } finally {
    clearTimeout(capTimer);
    ticker?.stop();
    options.signal?.removeEventListener("abort", onAbort);
  }
}

function progressTicker(
  execution: RunExecution,
  options: RunScenarioOptions,
): ProgressTicker | null {
  const report = options.observer?.progress;
  if (report === undefined) return null;
  const { scenario } = options;
  return new ProgressTicker({
    base: {
      runKey: options.runKey ?? `${scenario.name}#${scenario.cluster.seed}`,
      scenario: scenario.name,
      seed: scenario.cluster.seed,
      mode: scenario.cluster.mode,
      durationMs: scenario.durationMs,
    },
    cluster: execution.cluster,
    execution,
    report: (progress) => report.call(options.observer, progress),
    ...(options.progressIntervalMs === undefined ? {} : { intervalMs: options.progressIntervalMs }),
  });
}

/** Writes one of the run's first files; a disk that fails here is an I/O failure (exit 74). */
async function writeRunFile(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    throw ioFailureOf(error, path) ?? error;
  }
}

function historyHeader(scenario: Scenario): HistoryHeader {
  return {
    formatVersion: 1,
    raftctlVersion: raftctlVersion(),
    scenario: scenario.name,
    seed: scenario.cluster.seed,
    mode: scenario.cluster.mode,
    model: modelOf(scenario),
  };
}
