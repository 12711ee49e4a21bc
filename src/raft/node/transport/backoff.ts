/**
 * Capped exponential backoff for reconnecting to a peer: initialMs, 2×, 4×, ... up to maxMs.
 * No jitter: a node dials at most a handful of peers on loopback, so there is no herd of clients
 * to spread out, and a fixed schedule is easier to reason about in a test.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const backoffDefaults: BackoffOptions = { initialMs: 10, maxMs: 500 };

/** The wait before reconnection attempt number `failures` (1 = after the first failure). */
export function backoffDelayMs(failures: number, options: BackoffOptions): number {
  if (!Number.isInteger(failures) || failures < 1) {
    throw new Error(`failures must be a positive integer, got ${failures}`);
  }
  if (options.initialMs <= 0 || options.maxMs < options.initialMs) {
    throw new Error(`backoff needs 0 < initialMs <= maxMs, got ${JSON.stringify(options)}`);
  }
  // Capping the exponent first keeps 2 ** n finite however long the peer stays away.
  const doublings = Math.min(failures - 1, 30);
  return Math.min(options.maxMs, options.initialMs * 2 ** doublings);
}
