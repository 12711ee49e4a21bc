import { join } from "node:path";
import type { CheckResult } from "../checker/result.js";
import { InvariantChecker } from "../cluster/invariants/index.js";
import { readHistoryFile } from "../history/read-history.js";
import { type CheckReport, type RunResult, writeRunReport } from "../report/index.js";
import { evaluateRun } from "./evaluate-run.js";
import { scenarioExitCode } from "./expectation.js";
import { ioFailureOf } from "./io-failure.js";
import { readEventsFile } from "./read-events.js";
import { displayPath, runFiles } from "./run-directory.js";
import { modelOf } from "./run-execution.js";
import { buildRunResult, reproductionCommand } from "./run-result.js";
import { openStoredRun, type StoredRun, startOfStoredRun } from "./stored-run.js";

export interface AnalyzeOutcome {
  result: RunResult;
  linearizability: CheckResult | null;
  /** What the readers forgave (a cut-short history, a missing result.json), to print. */
  warnings: string[];
  /** By verdict against the scenario's expectation: 0, 1 or 2. */
  exitCode: number;
}

/**
 * `raftctl analyze RUN_DIR`: re-checks a stored run — linearizability from `history.jsonl`, the
 * invariants from `events.jsonl`, availability and the figures from both — and rewrites
 * `result.json`, `report.html` and `junit.xml` (unless `write` is false). Liveness was observed
 * by the live run (when a leader appeared is in no file), so it is carried over from the stored
 * result, as is a node's assertion; a run killed before it reported has neither. A partial run
 * (interrupted, cut short) is analyzed as far as it goes and stays marked interrupted.
 */
export async function analyzeRun(
  givenDir: string,
  options: { write: boolean },
): Promise<AnalyzeOutcome> {
  const stored = openStoredRun(givenDir);
  const { runDir } = stored;
  const history = readHistoryFile(join(runDir, runFiles.history), "jsonl");
  const events = readEventsFile(join(runDir, runFiles.events), runFiles.events);
  const invariants = new InvariantChecker();
  for (const event of events.events) invariants.observe(event);
  const evaluation = evaluateRun({
    scenario: stored.scenario,
    model: history.header?.model ?? modelOf(stored.scenario),
    records: history.records,
    events: events.events,
    invariants: {
      violations: invariants.violations(),
      violationCount: invariants.violationCount,
      eventCount: invariants.eventCount,
    },
    assertion: storedAssertion(stored),
    liveness: storedLiveness(stored),
  });
  const result = analyzedResult(stored, { ...evaluation, partial: history.warnings.length > 0 });
  if (options.write) {
    await writeRunReport(runDir, {
      result,
      records: history.records,
      events: events.events,
      nodes: stored.scenario.cluster.nodeIds,
      linearizability: evaluation.linearizability,
      reportRoot: null,
    }).catch((error: unknown) => {
      // A disk that fails under the rewrite: one line naming the path, exit 74.
      throw ioFailureOf(error, runDir) ?? error;
    });
  }
  return {
    result,
    linearizability: evaluation.linearizability,
    warnings: [...stored.warnings, ...history.warnings, ...events.warnings],
    exitCode: result.exitCode,
  };
}

function analyzedResult(
  stored: StoredRun,
  evaluation: ReturnType<typeof evaluateRun> & { partial: boolean },
): RunResult {
  const previous = stored.result;
  const reportDir = displayPath(stored.runDir);
  const scenarioFile = previous?.scenarioFile ?? null;
  const result = buildRunResult({
    scenario: stored.scenario,
    scenarioFile,
    startedAt: previous === null ? startOfStoredRun(stored.runDir) : new Date(previous.startedAt),
    wallTimeMs: previous?.wallTimeMs ?? 0,
    checks: evaluation.checks,
    figures: evaluation.figures,
    stop: null,
    error: null,
    reproduce:
      previous?.reproduce ??
      reproductionCommand({ scenarioFile, seed: stored.scenario.cluster.seed, reportDir }),
    reportDir,
  });
  const interrupted =
    previous === null || previous.interrupted || previous.error !== null || evaluation.partial;
  const exitCode = scenarioExitCode(stored.scenario.expect, [result]);
  return { ...result, interrupted, exitCode };
}

function storedCheck(stored: StoredRun, name: CheckReport["name"]): CheckReport | undefined {
  return stored.result?.checks.find((check) => check.name === name);
}

function storedLiveness(stored: StoredRun): CheckReport {
  const liveness = storedCheck(stored, "liveness");
  if (liveness !== undefined) return liveness;
  const reason =
    stored.result === null
      ? "the run was cut short before its final phase; liveness is observed only by a live run"
      : "the stored result has no liveness check";
  return { name: "liveness", verdict: "skipped", reason };
}

function storedAssertion(stored: StoredRun): string | null {
  const assertion = storedCheck(stored, "invariants")?.details?.assertion;
  return typeof assertion === "string" ? assertion : null;
}
