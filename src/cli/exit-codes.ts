import { runVerdictExitCodes, runVerdictOrder } from "../report/result.js";

/**
 * raftctl's exit codes (docs/design.md, "Verdicts and exit codes"). Over several runs one total
 * order decides which code the invocation ends with; see `worstExitCode`.
 */
export const ExitCode = {
  /** Every check passed. */
  passed: 0,
  /** A check failed: a bug found (or an expectation not met). */
  failed: 1,
  /** A budget ran out, or too little was observed to judge, and nothing failed. */
  unknown: 2,
  /** The scenario, the history file or the command line is wrong (sysexits EX_USAGE). */
  usage: 64,
  /** raftctl itself failed (sysexits EX_SOFTWARE). */
  internal: 70,
  /** An I/O failure outside raftctl's control mid-run: disk full, read-only (sysexits EX_IOERR). */
  ioFailure: 74,
  /** Interrupted by SIGINT or SIGTERM (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Later in this list wins: 130 > 64 > 70 > 74 > 1 > 2 > 0, the order of the run verdicts whose
 * codes these are (src/report/result.ts), so runs and invocations rank alike.
 */
const precedence: readonly number[] = runVerdictOrder.map(
  (verdict) => runVerdictExitCodes[verdict],
);

/**
 * Combines the exit codes of several runs by the one total order 130 > 64 > 70 > 74 > 1 > 2 > 0.
 * A code outside the table (never produced by raftctl) ranks as an internal failure.
 */
export function worstExitCode(codes: readonly number[]): number {
  let worst: number = ExitCode.passed;
  for (const code of codes) {
    if (rank(code) > rank(worst)) worst = code;
  }
  return worst;
}

function rank(code: number): number {
  const position = precedence.indexOf(code);
  return position === -1 ? precedence.indexOf(ExitCode.internal) : position;
}
