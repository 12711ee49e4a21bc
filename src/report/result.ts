/**
 * The result of one run: the content of `result.json` and of `raftctl run --json`
 * (DESIGN.md, "Reports and exit codes"). Times are integers with the unit in the key. Readers
 * check `formatVersion` first; a field is added without bumping it, a field's meaning never
 * changes without bumping it.
 */

export const RESULT_FORMAT_VERSION = 1;

export type RunMode = "sim" | "process";

/**
 * What a run amounts to, one word with one exit code (`runVerdictExitCodes`): what its checks
 * found (pass, fail, unknown), or why it could not be judged — the scenario or command line was
 * wrong (bad-input), raftctl itself failed (error), an I/O failure outside raftctl's control
 * (io-failure), or it was interrupted. A scenario's expectation does not change it: a mutant
 * that was caught is a `fail` whose `expectationMet` is true.
 */
export type RunVerdict =
  | "pass"
  | "fail"
  | "unknown"
  | "bad-input"
  | "error"
  | "io-failure"
  | "interrupted";

/** The one table of verdicts and exit codes (DESIGN.md, "Reports and exit codes"). */
export const runVerdictExitCodes = {
  pass: 0,
  fail: 1,
  unknown: 2,
  "bad-input": 64,
  error: 70,
  "io-failure": 74,
  interrupted: 130,
} as const satisfies Record<RunVerdict, number>;

/** Verdicts from best to worst: over several runs, or causes within one, the last present wins. */
export const runVerdictOrder: readonly RunVerdict[] = [
  "pass",
  "unknown",
  "fail",
  "io-failure",
  "error",
  "bad-input",
  "interrupted",
];

/** The worst of `verdicts` by `runVerdictOrder`; pass for none. */
export function worstRunVerdict(verdicts: readonly RunVerdict[]): RunVerdict {
  let worst: RunVerdict = "pass";
  for (const verdict of verdicts) {
    if (runVerdictOrder.indexOf(verdict) > runVerdictOrder.indexOf(worst)) worst = verdict;
  }
  return worst;
}

/** The verdicts of a run that could not be judged: nothing its checks say changes them. */
export const unjudgedRunVerdicts: readonly RunVerdict[] = [
  "bad-input",
  "error",
  "io-failure",
  "interrupted",
];

export type CheckVerdict = "pass" | "fail" | "unknown" | "skipped";
export type CheckName =
  | "linearizability"
  | "invariants"
  | "liveness"
  | "availability"
  | "elections"
  | "system"
  | "expectation";
/** The reasons a scenario may expect a failure for, as the YAML's `expect.by` names them. */
export type FailureReason =
  | "linearizability"
  | "invariant"
  | "liveness"
  | "availability"
  | "elections"
  | "system-error";

export type ExpectedOutcome =
  | { verdict: "pass" }
  | { verdict: "fail"; by: readonly FailureReason[] };

export interface CheckReport {
  name: CheckName;
  verdict: CheckVerdict;
  /** One line a person reads first: "key k3 is not linearizable (op 41 cannot be placed)". */
  reason: string;
  /** How long the check took, when it was measured. */
  durationMs?: number;
  /** Check-specific facts (illegal keys, the broken invariant with node/term/index, ...). */
  details?: Record<string, unknown>;
}

/** A share of operations that succeeded, with the counts it is made of; null share when there were none. */
export interface AvailabilityFigure {
  ok: number;
  total: number;
  /** ok / total, in [0, 1]; null when total is 0. */
  share: number | null;
}

/**
 * What happened in quiet time: no fault active, from `settleMs` after the start and after each
 * fault ended (see quiet-time.ts). The availability and elections checks judge these.
 */
export interface QuietFigures {
  /** The settling time after each fault (and the start) that quiet time leaves out. */
  settleMs: number;
  /** Total quiet time. */
  durationMs: number;
  /** Disjoint stretches of quiet time. */
  windows: number;
  /** Operations invoked in quiet time and how many succeeded. */
  operations: AvailabilityFigure;
  /** Leaders elected in quiet time (distinct node and term). */
  elections: number;
  /** `elections` per minute of quiet time; null when there was none. */
  electionsPerMinute: number | null;
}

export interface RunFigures {
  operations: {
    /** Client operations invoked. */
    total: number;
    ok: number;
    fail: number;
    /** Indeterminate: `info` records and operations still open when the history ended. */
    info: number;
    /** Of `info`: operations that never completed (a run cut short). */
    open: number;
  };
  availability: {
    overall: AvailabilityFigure;
    /** Operations invoked while at least one fault was active. */
    insideFaults: AvailabilityFigure;
    outsideFaults: AvailabilityFigure;
  };
  /** Availability and elections in quiet time; null when the settling time is not known. */
  quiet: QuietFigures | null;
  /** Latency of `ok` operations (invoke to completion); null when none succeeded. */
  latencyMs: { p50: number; p99: number; max: number } | null;
  /** `ok` operations per second of history time; 0 for an empty history. */
  throughputOkPerSecond: number;
  /** Distinct (node, term) pairs that became leader. */
  elections: number;
  maxTerm: number;
  events: number;
  nodeCrashes: number;
  nodeRestarts: number;
  nodePauses: number;
  /** Nemesis actions in the history. */
  faults: number;
  /** Time of the last history record or event (what the history covers). */
  historyDurationMs: number;
  /**
   * Process mode: what the nodes' peer and client ports and the link proxies refused — frames
   * larger than the protocol carries (or garbled), connections beyond the bounds, idle ones,
   * ones leaving answers unread (docs/process-mode.md). Absent in sim mode.
   */
  transport?: TransportFigures;
}

export interface TransportFigures {
  framesRejected: number;
  connectionsRejected: number;
  connectionsIdleClosed: number;
  connectionsUnreadClosed: number;
}

export interface RunResult {
  formatVersion: typeof RESULT_FORMAT_VERSION;
  raftctlVersion: string;
  /** The commit raftctl was built from, when known. */
  gitCommit: string | null;
  nodeVersion: string;
  mode: RunMode;
  /** The scenario's `name`. */
  scenario: string;
  /** The scenario file as given on the command line, or null (e.g. a scenario built in code). */
  scenarioFile: string | null;
  seed: number;
  /** ISO 8601 (UTC) wall-clock start of the run. */
  startedAt: string;
  wallTimeMs: number;
  /** The scenario's configured duration (before the final heal and reads). */
  scenarioDurationMs: number;
  verdict: RunVerdict;
  /**
   * This run's exit code alone, always `runVerdictExitCodes[verdict]`: 0, 1, 2, 64, 70, 74 or
   * 130. The invocation's exit code applies each scenario's expectation over its seeds on top.
   */
  exitCode: number;
  expected: ExpectedOutcome;
  expectationMet: boolean;
  /**
   * True when the run was cut short (Ctrl-C, wall-clock cap; for `raftctl analyze` also a run
   * killed before it reported, or one that ended in an error): the history is partial, and the
   * verdict is never pass.
   */
  interrupted: boolean;
  /**
   * Why the run could not finish as one line — raftctl's own failure (verdict error), an I/O
   * failure (io-failure), a bad input (bad-input) — or null. `raftctl analyze` keeps a stored one.
   */
  error: string | null;
  checks: CheckReport[];
  figures: RunFigures;
  /** The one-line command that reproduces this run: `raftctl run FILE --seed N` or `raftctl replay DIR`. */
  reproduce: string;
  /** The run's report folder, as the user would type it (relative to the working directory when inside it). */
  reportDir: string;
}
