/** Budgets and switches of a check. Every field has a default (see `resolveCheckOptions`). */
export interface CheckOptions {
  /** Time for the whole check; partitions undecided then are `unknown`. Default 60 s. */
  timeoutMs?: number;
  /**
   * Estimated bytes for the search memos of all partitions together. Default 1 GiB, well
   * inside V8's heap (about 4 GiB here) and far below the machine: when it would be passed,
   * the partition holding the most is given up as `unknown`.
   */
  memoryBytes?: number;
  /** Memoized configurations for all partitions together. Default 2^26. */
  visitedConfigurationsMax?: number;
  /** Decide every partition, instead of stopping at the first illegal one. */
  all?: boolean;
  /** Build counterexamples for illegal partitions (longest prefix, blocked operations). Default true. */
  counterexample?: boolean;
  /** Time to shrink illegal partitions (shared by all of them) to minimal failing sub-histories; 0 skips it. Default 2 s. */
  minimizeTimeoutMs?: number;
  /** Keep linearizations with states for the visualization (slower search). Default false. */
  linearizations?: boolean;
}

export type ResolvedCheckOptions = Required<CheckOptions>;

export const defaultMemoryBytes = 1024 ** 3;

export function resolveCheckOptions(options: CheckOptions): ResolvedCheckOptions {
  const resolved: ResolvedCheckOptions = {
    timeoutMs: options.timeoutMs ?? 60_000,
    memoryBytes: options.memoryBytes ?? defaultMemoryBytes,
    visitedConfigurationsMax: options.visitedConfigurationsMax ?? 2 ** 26,
    all: options.all ?? false,
    counterexample: options.counterexample ?? true,
    minimizeTimeoutMs: options.minimizeTimeoutMs ?? 2000,
    linearizations: options.linearizations ?? false,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === "number" && !(value >= 0)) {
      throw new RangeError(`check option ${name} must be a number >= 0, got ${value}`);
    }
  }
  return resolved;
}
