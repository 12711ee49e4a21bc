import type { NodeFailureError } from "../cluster/node-failure.js";
import {
  computeRunFigures,
  ReportWriteError,
  type RunFigures,
  writeRunReport,
} from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import { checkLiveness } from "./checks/liveness-check.js";
import { checkSystem } from "./checks/system-check.js";
import { type Evaluation, evaluateRun } from "./evaluate-run.js";
import { type IoFailureError, ioFailureOf } from "./io-failure.js";
import type { RunObserver } from "./progress.js";
import type { RunCluster } from "./run-cluster.js";
import { modelOf } from "./run-execution.js";
import { classifyRunFailure, oneLine, problemOf } from "./run-failure.js";
import type { RunOutcome } from "./run-options.js";
import type { RunRecorder } from "./run-recorder.js";
import { buildRunResult, type RunProblem, type RunStop } from "./run-result.js";
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
  /** A node of the system under test that refused to start or died unasked. */
  nodeFailure: NodeFailureError | null;
  /** raftctl's own failure, an I/O failure, or a bad input found late. */
  problem: RunProblem | null;
  /** The disk failed under the run or a node (exit 74): the first such failure, naming its path. */
  ioFailure: IoFailureError | null;
}

/**
 * After the live part: the checks, the result and the report files. Nothing here throws for a
 * run that went wrong — raftctl's own failure becomes a result with verdict error and exit code
 * 70, a node's own failure a failing system check — except a report that cannot be written where
 * the user asked (exit 64).
 */
export async function settleRun(input: SettleInput): Promise<RunOutcome> {
  const ending = endingOf(input);
  let evaluation: Evaluation;
  try {
    evaluation = evaluate(input, ending);
  } catch (error) {
    ending.problem ??= problemOf(error);
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
    problem: ending.problem,
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
    system: checkSystem({
      failure: ending.nodeFailure,
      nodeLog:
        ending.nodeFailure !== null && scenario.cluster.mode === "process"
          ? `nodes/${ending.nodeFailure.node}.log`
          : null,
      ioFailure: ending.ioFailure?.message ?? null,
    }),
    ...(ending.stop === null ? {} : { checkBudgetMsMax: stoppedRunCheckBudgetMs }),
  });
}

/**
 * How the run ended. The cluster's own failure (see `classifyRunFailure`) is a Raft invariant
 * assertion inside a node (a found violation), a node that refused to start or died (a found
 * bug, or with an I/O cause an I/O failure), the simulator's virtual time limit (like the
 * wall-clock cap: unknown), or raftctl's own failure. An error of the run's own machinery
 * (execution.error) is classified alike.
 */
function endingOf(input: SettleInput): Ending {
  const ending: Ending = {
    stop: input.stop,
    assertion: null,
    nodeFailure: null,
    problem: null,
    ioFailure: null,
  };
  const failure = input.runCluster.failure();
  const ioFailure =
    input.recorder.failure() ??
    ioFailureOf(failure, input.runDir) ??
    ioFailureOf(input.execution.error, input.runDir);
  if (ioFailure !== null) {
    ending.ioFailure = ioFailure;
    ending.problem = { verdict: "io-failure", message: ioFailure.message };
    return ending;
  }
  const writeError = input.recorder.otherWriteError();
  if (writeError !== null) ending.problem = problemOf(writeError);
  for (const error of [failure, input.execution.error]) {
    if (error === null || error === undefined) continue;
    const classified = classifyRunFailure(error);
    if (classified.kind === "assertion") ending.assertion ??= classified.message;
    else if (classified.kind === "time-limit") ending.stop ??= "time-limit";
    else if (classified.kind === "node-failure") ending.nodeFailure ??= classified.failure;
    else ending.problem ??= classified.problem;
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
  if (ending.nodeFailure !== null) {
    const { node } = ending.nodeFailure;
    return { reason: `the cluster halted when node ${node} failed on its own`, verdict: "skipped" };
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
