/**
 * A slow disk for process mode: how long one sync takes at the least, in milliseconds, drawn
 * afresh for every sync. The scenario's `disk.syncLatency` means the same in both modes: in sim
 * the simulated disk takes that long; on real files the real fsync still runs and the file layer
 * holds the sync's completion back until the drawn latency has passed since it began. Until then
 * the written bytes count as unsynced — a crash with `loseUnsynced` loses them.
 */
export type SyncLatency = () => number;

/** A bound well above any disk one would model, below the harness's patience with a node. */
export const syncLatencyMsMax = 2_000;

/**
 * Latencies drawn uniformly from `[minMs, maxMs]` (as the simulated disk draws them) with
 * `random` (uniform in [0, 1)); null for `[0, 0]`: no added latency, the real disk's own.
 */
export function uniformSyncLatency(options: {
  latencyMs: readonly [number, number];
  random: () => number;
}): SyncLatency | null {
  const [minMs, maxMs] = options.latencyMs;
  assertSyncLatencyRange([minMs, maxMs]);
  if (maxMs === 0) return null;
  const { random } = options;
  return () => minMs + random() * (maxMs - minMs);
}

/** Throws unless `0 <= min <= max <= syncLatencyMsMax` (finite numbers of milliseconds). */
export function assertSyncLatencyRange(latencyMs: readonly [number, number]): void {
  const [minMs, maxMs] = latencyMs;
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs)) {
    throw new RangeError(`sync latency must be finite milliseconds, got [${minMs}, ${maxMs}]`);
  }
  if (minMs < 0 || minMs > maxMs || maxMs > syncLatencyMsMax) {
    throw new RangeError(
      `sync latency must satisfy 0 <= min <= max <= ${syncLatencyMsMax} ms, got [${minMs}, ${maxMs}]`,
    );
  }
}
