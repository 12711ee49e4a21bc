import type { CheckName, CheckVerdict, RunVerdict } from "../report/index.js";

/**
 * A run's verdict from its checks, and whether it met its scenario's expectation
 * (DESIGN.md, "Reports and exit codes"). A scenario that expects `fail` passes when any of its
 * seeds fails for one of the reasons in `by`; that is decided over all seeds by
 * `scenarioExpectationMet`.
 */

export type { CheckName, CheckVerdict, RunVerdict };
/** The reasons a scenario may expect a failure for, as the YAML names them. */
export type FailureReason =
  | "linearizability"
  | "invariant"
  | "liveness"
  | "availability"
  | "elections";

export interface CheckOutcome {
  name: CheckName;
  verdict: CheckVerdict;
}

export type Expectation = { verdict: "pass" } | { verdict: "fail"; by: readonly FailureReason[] };

const reasonOfCheck: Partial<Record<CheckName, FailureReason>> = {
  linearizability: "linearizability",
  invariants: "invariant",
  liveness: "liveness",
  availability: "availability",
  elections: "elections",
};

/** fail if any check failed, else unknown if any is unknown, else pass. */
export function runVerdict(checks: readonly CheckOutcome[]): RunVerdict {
  if (checks.some((check) => check.verdict === "fail")) return "fail";
  if (checks.some((check) => check.verdict === "unknown")) return "unknown";
  return "pass";
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

/** Whether one run met its scenario's expectation. */
export function runExpectationMet(
  expectation: Expectation,
  checks: readonly CheckOutcome[],
): boolean {
  if (expectation.verdict === "pass") return runVerdict(checks) === "pass";
  return failureReasons(checks).some((reason) => expectation.by.includes(reason));
}

/** The exit code of one run (0 pass, 1 fail, 2 unknown), before expectations. */
export function verdictExitCode(verdict: RunVerdict): 0 | 1 | 2 {
  if (verdict === "pass") return 0;
  return verdict === "fail" ? 1 : 2;
}

/**
 * The exit code of one scenario over its seeds. Expecting pass: the worst run's code. Expecting
 * fail: 0 when any seed failed for an expected reason, else 1 (the expectation was not met).
 */
export function scenarioExitCode(
  expectation: Expectation,
  runs: readonly { verdict: RunVerdict; expectationMet: boolean }[],
): 0 | 1 | 2 {
  if (expectation.verdict === "fail") return runs.some((run) => run.expectationMet) ? 0 : 1;
  if (runs.some((run) => run.verdict === "fail")) return 1;
  if (runs.some((run) => run.verdict === "unknown")) return 2;
  return 0;
}
