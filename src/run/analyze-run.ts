import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckResult } from "../checker/index.js";
import { InvariantChecker } from "../cluster/invariants/index.js";
import { readHistoryText } from "../history/read-history.js";
import { type CheckReport, type RunResult, writeRunReport } from "../report/index.js";
import { evaluateRun } from "./evaluate-run.js";
import { isJudged, scenarioExitCode } from "./expectation.js";
import { ioFailureOf } from "./io-failure.js";
import { readEventsText } from "./read-events.js";
import { displayPath, runFiles } from "./run-directory.js";
import { modelOf } from "./run-execution.js";
import { buildRunResult, reproductionCommand } from "./run-result.js";
import { openStoredRun, type StoredRun, startOfStoredRun } from "./stored-run.js";

export interface AnalyzeOutcome {
  result: RunResult;
  linearizability: CheckResult | null;
  /** What the readers forgave (a cut-short history, a missing result.json), to print. */
  warnings: string[];
  /**
   * The scenario's exit code over this one run, as `raftctl run` would end for it: the
   * verdict's code (`result.exitCode`), or for a scenario expecting failure 0 when this run
   * failed for an expected reason.
   */
  exitCode: number;
}

/**
 * `raftctl analyze RUN_DIR`: re-checks a stored run — linearizability from `history.jsonl`, the
 * invariants from `events.jsonl`, availability and the figures from both — and rewrites
 * `result.json`, `report.html` and `junit.xml` (unless `write` is false). Liveness and the
 * system check were observed by the live run (when a leader appeared, whether a node died, are in
 * no file), so they are carried over from the stored result, as is a node's assertion; a run
 * killed before it reported has none of them.
 *
 * Re-analysing never improves a verdict (DESIGN.md, "Reports and exit codes"): a run that was
 * cut short, interrupted or ended in an error is partial and analyses to fail if anything failed,
 * else unknown, and stays marked interrupted; a check that failed stays failed whatever the
 * re-check says; a missing or empty history or events file checked nothing: unknown. Only a
 * larger checker budget may turn an unknown into a pass.
 */
export async function analyzeRun(
  givenDir: string,
  options: { write: boolean },
): Promise<AnalyzeOutcome> {
  const stored = openStoredRun(givenDir);
  const { runDir } = stored;
  const history = readStoredFile(runDir, runFiles.history);
  const events = readStoredFile(runDir, runFiles.events);
  const parsedHistory = readHistoryText(history.text, {
    file: join(runDir, runFiles.history),
    format: "jsonl",
  });
  const parsedEvents = readEventsText(events.text, runFiles.events);
  const invariants = new InvariantChecker();
  for (const event of parsedEvents.events) invariants.observe(event);
  const evaluation = evaluateRun({
    scenario: stored.scenario,
    model: parsedHistory.header?.model ?? modelOf(stored.scenario),
    records: parsedHistory.records,
    events: parsedEvents.events,
    invariants: {
      violations: invariants.violations(),
      violationCount: invariants.violationCount,
      eventCount: invariants.eventCount,
    },
    assertion: storedAssertion(stored),
    liveness: storedCheck(stored, "liveness") ?? notObserved(stored, "liveness"),
    system: storedCheck(stored, "system") ?? notObserved(stored, "system"),
  });
  const unseen = [history, events].filter((file) => file.absence !== null);
  const checks = evaluation.checks
    .map((check) => nothingChecked(check, unseen))
    .map((check) => failureKept(check, storedCheck(stored, check.name)));
  const partial =
    isPartial(stored) || parsedHistory.warnings.length > 0 || history.absence !== null;
  const result = analyzedResult(stored, { checks, figures: evaluation.figures, partial });
  if (options.write) {
    await writeRunReport(runDir, {
      result,
      records: parsedHistory.records,
      events: parsedEvents.events,
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
    warnings: [
      ...stored.warnings,
      ...unseen.map((file) => `${file.name}: ${file.absence}; nothing in it was checked`),
      ...parsedHistory.warnings,
      ...parsedEvents.warnings,
    ],
    exitCode: scenarioExitCode(stored.scenario.expect, [result]),
  };
}

interface StoredFile {
  name: string;
  text: string;
  /** "missing" or "empty" (zero bytes, or only blank lines); null when it has content. */
  absence: "missing" | "empty" | null;
}

function readStoredFile(runDir: string, name: string): StoredFile {
  const path = join(runDir, name);
  if (!existsSync(path)) return { name, text: "", absence: "missing" };
  const text = readFileSync(path, "utf8");
  return { name, text, absence: text.trim() === "" ? "empty" : null };
}

/** Which file each check is computed from, for "nothing checked". */
const sourceOfCheck: Partial<Record<CheckReport["name"], string>> = {
  linearizability: runFiles.history,
  availability: runFiles.history,
  invariants: runFiles.events,
};

/** A check computed from a missing or empty file found nothing because it saw nothing: unknown. */
function nothingChecked(check: CheckReport, unseen: readonly StoredFile[]): CheckReport {
  const source = unseen.find((file) => file.name === sourceOfCheck[check.name]);
  if (source === undefined || check.verdict !== "pass") return check;
  return {
    name: check.name,
    verdict: "unknown",
    reason: `${source.name} is ${source.absence}: nothing was checked`,
  };
}

/** A check the stored result failed stays failed: re-analysing never improves a verdict. */
function failureKept(check: CheckReport, stored: CheckReport | undefined): CheckReport {
  if (stored?.verdict !== "fail" || check.verdict === "fail") return check;
  return {
    ...stored,
    details: { ...stored.details, recheck: { verdict: check.verdict, reason: check.reason } },
  };
}

/**
 * Whether the stored run is partial: killed before it reported, interrupted or cut short, or
 * ended in raftctl's error, an I/O failure or a bad input.
 */
function isPartial(stored: StoredRun): boolean {
  const previous = stored.result;
  if (previous === null) return true;
  return previous.interrupted || previous.error !== null || !isJudged(previous.verdict);
}

function analyzedResult(
  stored: StoredRun,
  evaluation: { checks: CheckReport[]; figures: RunResult["figures"]; partial: boolean },
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
    problem: null,
    partial: evaluation.partial,
    reproduce:
      previous?.reproduce ??
      reproductionCommand({ scenarioFile, seed: stored.scenario.cluster.seed, reportDir }),
    reportDir,
  });
  // Why the live run was partial stays said; the verdict is this analysis's.
  return { ...result, error: previous?.error ?? null };
}

function storedCheck(stored: StoredRun, name: CheckReport["name"]): CheckReport | undefined {
  return stored.result?.checks.find((check) => check.name === name);
}

/** A check only a live run observes, missing from the stored result. */
function notObserved(stored: StoredRun, name: "liveness" | "system"): CheckReport {
  const reason =
    stored.result === null
      ? `the run was cut short before it reported; ${name} is observed only by a live run`
      : `the stored result has no ${name} check`;
  return { name, verdict: "skipped", reason };
}

function storedAssertion(stored: StoredRun): string | null {
  const assertion = storedCheck(stored, "invariants")?.details?.assertion;
  return typeof assertion === "string" ? assertion : null;
}
