import {
  type CheckName,
  type CheckVerdict,
  type FailureReason,
  type RunVerdict,
  runVerdictExitCodes,
  unjudgedRunVerdicts,
  worstRunVerdict,
} from "../report/index.js";
import type { FailureReason as ScenarioFailureReason } from "../scenario/index.js";

/**
 * A run's verdict from its checks, and whether it met its scenario's expectation
 * (DESIGN.md, "Reports and exit codes"). A scenario that expects `fail` passes when any of its
 * seeds fails for one of the reasons in `by`; that is decided over all seeds by
 * `scenarioExitCode`.
 */

export type { CheckName, CheckVerdict, FailureReason, RunVerdict };

/** Fails to compile unless the scenario's `expect.by` and result.json name the same reasons. */
export type ReasonListsAgree = Assert<Same<FailureReason, ScenarioFailureReason>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export interface CheckOutcome {
  name: CheckName;
  verdict: CheckVerdict;
}

export type Expectation = { verdict: "pass" } | { verdict: "fail"; by: readonly FailureReason[] };

/** The reason in `expect.by` that a failing check stands for. */
const reasonOfCheck: Partial<Record<CheckName, FailureReason>> = {
  linearizability: "linearizability",
  invariants: "invariant",
  liveness: "liveness",
  availability: "availability",
  elections: "elections",
  system: "system-error",
};

/** fail if any check failed, else unknown if any is unknown, else pass. */
export function runVerdict(checks: readonly CheckOutcome[]): RunVerdict {
  if (checks.some((check) => check.verdict === "fail")) return "fail";
  if (checks.some((check) => check.verdict === "unknown")) return "unknown";
  return "pass";
}

/**
 * The verdict of a run that did not end as planned (interrupted, cut short, errored, or
 * re-analysed from a partial history): fail if any check failed, else unknown — never pass,
 * since what was not observed may have failed.
 */
export function partialRunVerdict(checks: readonly CheckOutcome[]): "fail" | "unknown" {
  return runVerdict(checks) === "fail" ? "fail" : "unknown";
}

/** Whether the verdict says what the checks found (pass, fail, unknown), not why nothing could be judged. */
export function isJudged(verdict: RunVerdict): boolean {
  return !unjudgedRunVerdicts.includes(verdict);
}

/** The reasons this run failed for, in the vocabulary of `expect.by`. */
export function failureReasons(checks: readonly CheckOutcome[]): FailureReason[] {
  const reasons: FailureReason[] = [];
  for (const check of checks) {
    const reason = reasonOfCheck[check.name];
    if (check.verdict === "fail" && reason && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

/** Whether one run met its scenario's expectation, from its checks alone. */
export function runExpectationMet(
  expectation: Expectation,
  checks: readonly CheckOutcome[],
): boolean {
  if (expectation.verdict === "pass") return runVerdict(checks) === "pass";
  return failureReasons(checks).some((reason) => expectation.by.includes(reason));
}

/** The exit code of one run's verdict (`runVerdictExitCodes`), before expectations. */
export function verdictExitCode(verdict: RunVerdict): number {
  return runVerdictExitCodes[verdict];
}

/**
 * The exit code of one scenario over its seeds. A run that could not be judged (bad input,
 * raftctl's error, an I/O failure, an interrupt) gives its own code, the worst of them. Otherwise,
 * expecting pass: the worst run's code (fail over unknown over pass); expecting fail: 0 when any
 * seed failed for an expected reason, else 1 (the expectation was not met).
 */
export function scenarioExitCode(
  expectation: Expectation,
  runs: readonly { verdict: RunVerdict; expectationMet: boolean }[],
): number {
  const unjudged = runs.map((run) => run.verdict).filter((verdict) => !isJudged(verdict));
  if (unjudged.length > 0) return verdictExitCode(worstRunVerdict(unjudged));
  if (expectation.verdict === "fail") {
    return runs.some((run) => run.expectationMet)
      ? runVerdictExitCodes.pass
      : runVerdictExitCodes.fail;
  }
  return verdictExitCode(worstRunVerdict(runs.map((run) => run.verdict)));
}
