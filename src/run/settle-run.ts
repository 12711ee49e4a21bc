import {
  computeRunFigures,
  ReportWriteError,
  type RunFigures,
  writeRunReport,
} from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import { checkLiveness } from "./checks/liveness-check.js";
import { type Evaluation, evaluateRun } from "./evaluate-run.js";
import { type IoFailureError, ioFailureOf } from "./io-failure.js";
import type { RunObserver } from "./progress.js";
import type { RunCluster } from "./run-cluster.js";
import { modelOf } from "./run-execution.js";
import type { RunOutcome } from "./run-options.js";
import type { RunRecorder } from "./run-recorder.js";
import { buildRunResult, type RunStop } from "./run-result.js";
import type { LiveOutcome } from "./run-scenario.js";

/** A run cut short checks what there is within this, whatever the scenario's budget. */
export const stoppedRunCheckBudgetMs = 10_000;

export interface SettleInput extends LiveOutcome {
  scenario: Scenario;
  scenarioFile: string | null;
  startedAt: Date;
  wallStartMs: number;
  runDir: string;
  reportDir: string;
  reproduce: string;
  recorder: RunRecorder;
  runCluster: RunCluster;
  observer: RunObserver | undefined;
}

interface Ending {
  stop: RunStop;
  /** A node's invariant assertion, as its message. */
  assertion: string | null;
  /** raftctl's own failure, as one line. */
  error: string | null;
  /** The disk failed under the run or a node (exit 74), as one line naming path and cause. */
  ioFailure: IoFailureError | null;
}

/**
 * After the live part: the checks, the result and the report files. Nothing here throws for a
 * run that went wrong — raftctl's own failure becomes a result with `error` and exit code 70 —
 * except a report that cannot be written where the user asked (exit 64).
 */
export async function settleRun(input: SettleInput): Promise<RunOutcome> {
  const ending = endingOf(input);
  let evaluation: Evaluation;
  try {
    evaluation = evaluate(input, ending);
  } catch (error) {
    ending.error ??= oneLine(error);
    evaluation = {
      checks: [],
      figures: computeRunFigures({
        records: input.recorder.records,
        events: input.recorder.events,
      }),
      linearizability: null,
    };
  }
  const result = buildRunResult({
    scenario: input.scenario,
    scenarioFile: input.scenarioFile,
    startedAt: input.startedAt,
    wallTimeMs: performance.now() - input.wallStartMs,
    checks: evaluation.checks,
    figures: withTransportFigures(evaluation.figures, input.runCluster),
    stop: ending.stop,
    error: ending.ioFailure?.message ?? ending.error,
    ioFailure: ending.ioFailure !== null,
    reproduce: input.reproduce,
    reportDir: input.reportDir,
  });
  await writeReport(input, { ...evaluation, result }, ending.ioFailure);
  return {
    result,
    runDir: input.runDir,
    exitCode: result.exitCode,
    linearizability: evaluation.linearizability,
  };
}

async function writeReport(
  input: SettleInput,
  evaluation: Evaluation & { result: ReturnType<typeof buildRunResult> },
  firstIoFailure: IoFailureError | null,
): Promise<void> {
  try {
    await writeRunReport(input.runDir, {
      result: evaluation.result,
      records: input.recorder.records,
      events: input.recorder.events,
      nodes: input.runCluster.cluster.nodes,
      linearizability: evaluation.linearizability,
    });
  } catch (error) {
    if (error instanceof ReportWriteError) throw error;
    // The disk failed under the report: the folder keeps what was written (history, events, any
    // report file renamed into place whole), `latest` stays on the run before, and the run ends
    // with this one line and exit 74.
    const ioFailure = ioFailureOf(error, input.runDir);
    // The first failure (history, events, a node's data) names where the disk failed first.
    if (ioFailure !== null) throw firstIoFailure ?? ioFailure;
    throw new Error(`writing the report in ${input.reportDir} failed: ${oneLine(error)}`);
  }
}

function evaluate(input: SettleInput, ending: Ending): Evaluation {
  const { recorder, scenario } = input;
  return evaluateRun({
    scenario,
    model: modelOf(scenario),
    records: recorder.records,
    events: recorder.events,
    invariants: {
      violations: recorder.invariants.violations(),
      violationCount: recorder.invariants.violationCount,
      eventCount: recorder.invariants.eventCount,
    },
    assertion: ending.assertion,
    liveness: checkLiveness({
      finalReads: input.execution.finalReads,
      recoverWithinMs: scenario.checks.recoverWithinMs,
      notReached: notReachedReason(ending),
    }),
    ...(ending.stop === null ? {} : { checkBudgetMsMax: stoppedRunCheckBudgetMs }),
  });
}

const assertionErrorNames = new Set(["RaftInvariantError", "ReplicaInvariantError"]);

/**
 * How the run ended. The cluster's own failure is one of three things: a Raft invariant
 * assertion inside a node (a found violation, never a crash of raftctl), the simulator's
 * virtual time limit (like the wall-clock cap: unknown), or raftctl's own failure (exit 70).
 */
function endingOf(input: SettleInput): Ending {
  const ending: Ending = { stop: input.stop, assertion: null, error: null, ioFailure: null };
  const failure = input.runCluster.failure();
  const ioFailure =
    input.recorder.failure() ??
    ioFailureOf(failure, input.runDir) ??
    ioFailureOf(input.execution.error, input.runDir);
  if (ioFailure !== null) {
    ending.ioFailure = ioFailure;
    return ending;
  }
  const writeError = input.recorder.otherWriteError();
  if (writeError !== null) ending.error = oneLine(writeError);
  if (failure instanceof Error && assertionErrorNames.has(failure.name)) {
    ending.assertion = failure.message;
  } else if (failure instanceof Error && failure.name === "SimulationStoppedError") {
    ending.stop ??= "time-limit";
  } else if (failure !== null && failure !== undefined) {
    ending.error ??= oneLine(failure);
  }
  if (input.execution.error !== null && ending.error === null) {
    ending.error = oneLine(input.execution.error);
  }
  return ending;
}

function notReachedReason(ending: Ending): {
  reason: string;
  verdict: "skipped" | "unknown";
} {
  if (ending.assertion !== null) {
    return { reason: "the cluster halted when a node's assertion fired", verdict: "skipped" };
  }
  if (ending.stop === "interrupt") {
    return { reason: "the run was interrupted before its final phase", verdict: "skipped" };
  }
  if (ending.stop === "time-limit") {
    return {
      reason: "the run reached its time limit before its final phase ended",
      verdict: "unknown",
    };
  }
  return { reason: "the run failed before its final phase", verdict: "skipped" };
}

/** Process mode adds what the nodes' ports and the proxies refused (complete after the stop). */
function withTransportFigures(figures: RunFigures, runCluster: RunCluster): RunFigures {
  const transport = runCluster.transportFigures?.();
  return transport === undefined ? figures : { ...figures, transport };
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split("\n")[0] ?? text;
}
