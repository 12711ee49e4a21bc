/**
 * What a check returns. Plain data (JSON-serializable, descriptions already rendered as text)
 * so that reports, `--json` and the visualization need neither the model nor the history.
 */

export type Verdict = "ok" | "illegal" | "unknown";

/** Why a partition is `unknown`: its time ran out, its memory budget did, or it was not checked
 * because another partition was already illegal (without `all`). */
export type UnknownReason = "timeout" | "memory" | "skipped";

export interface CheckedOperation {
  /** The operation's index in the history given to the check. */
  id: number;
  clientId: number | string;
  callTime: number;
  /** null: open to the end (its outcome unknown). */
  returnTime: number | null;
  description: string;
  /** Index into `CheckResult.partitions`. */
  partition: number;
}

/** One operation taking effect, and the model's state after it. */
export interface LinearizationStep {
  operationId: number;
  stateAfter: string;
}

/**
 * Why a partition is illegal. `endings` holds the longest linearizable prefixes the search
 * found (one per distinct state reached, at most a few): after each, every operation that
 * could come next is illegal from that state. `mustPrecede` is the operation whose return
 * came first among those not in the prefix: it had to take effect by then.
 */
export interface Counterexample {
  /** Empty when the partition was found illegal by `conflict`, before any search. */
  endings: CounterexampleEnding[];
  /**
   * Two reads that cannot both be right in any order: the later one's value cannot grow from
   * the earlier one's, and no write that could come between them starts it.
   */
  conflict?: { first: number; second: number };
  /** A sub-history that is still illegal, made small by removing read-only operations within a budget. */
  minimal: MinimalHistory | undefined;
}

export interface CounterexampleEnding {
  prefix: LinearizationStep[];
  /** The state after the prefix (the initial state when the prefix is empty). */
  state: string;
  /** Operations that could come next; each is illegal from `state`. */
  blocked: number[];
  mustPrecede: number;
}

/**
 * A smaller history that is still illegal: every state-changing operation of the partition
 * and only some of its read-only ones (removing a read-only operation can never make a
 * linearizable history illegal, so this one failing proves the whole fails).
 */
export interface MinimalHistory {
  operationIds: number[];
  /** The read-only operations it keeps: the reads that together contradict the writes. */
  readOnlyKept: number[];
  readOnlyRemoved: number;
  /** True when no single read-only operation can be removed with the rest staying illegal. */
  complete: boolean;
  checks: number;
  elapsedMs: number;
}

export interface PartitionResult {
  index: number;
  label: string;
  verdict: Verdict;
  unknownReason?: UnknownReason;
  operationIds: number[];
  elapsedMs: number;
  iterations: number;
  /** Configurations (linearized set, state) in the memo when the search ended or at its peak. */
  visitedConfigurations: number;
  distinctStates: number;
  peakMemoryBytes: number;
  initialState: string;
  /** For `ok` with `linearizations`: one complete linearization. */
  linearization?: LinearizationStep[];
  /**
   * With `linearizations`: the longest linearized prefixes found, and for each operation of
   * `operationIds` (same positions) the index of the longest one containing it, or -1.
   */
  partialLinearizations?: LinearizationStep[][];
  longestLinearizationOf?: number[];
  counterexample?: Counterexample;
}

export interface CheckResult {
  verdict: Verdict;
  model: string;
  elapsedMs: number;
  operations: CheckedOperation[];
  partitions: PartitionResult[];
}
