import type { PartitionSearch, SearchStatus } from "./search/partition-search.js";

/** A partition's search with the figures the scheduler keeps about it. */
export interface ScheduledSearch {
  // biome-ignore lint/suspicious/noExplicitAny: searches of any model run side by side.
  search: PartitionSearch<any, any, any>;
  elapsedMs: number;
  peakMemoryBytes: number;
  peakVisited: number;
}

export interface ScheduleBudget {
  /** performance.now() time at which undecided partitions become `unknown`. */
  deadlineMs: number;
  memoryBytes: number;
  visitedConfigurationsMax: number;
  all: boolean;
}

const firstSliceIterations = 4096;
const sliceIterationsMax = 1 << 18;

/**
 * Runs the partitions' searches round-robin in growing slices, as if side by side: a cheap
 * partition is decided early even beside a hopeless one, so an illegal key is found fast
 * (and, without `all`, ends the check) wherever it is. When the memory or configuration budget
 * (shared by all partitions) would be passed, the partition holding the most is given up.
 */
export function runSearches(scheduled: ScheduledSearch[], budget: ScheduleBudget): void {
  let sliceIterations = firstSliceIterations;
  for (;;) {
    const running = scheduled.filter((item) => item.search.status === "running");
    if (running.length === 0) return;
    for (const item of running) {
      if (item.search.status !== "running") continue;
      runSlice(item, { running, all: scheduled }, sliceIterations, budget);
      const status = item.search.status as SearchStatus;
      if (status === "illegal" && !budget.all) {
        skipRunning(scheduled);
        return;
      }
    }
    enforceVisitedBudget(running, budget.visitedConfigurationsMax);
    sliceIterations = Math.min(sliceIterations * 2, sliceIterationsMax);
  }
}

function runSlice(
  item: ScheduledSearch,
  { running, all }: { running: readonly ScheduledSearch[]; all: readonly ScheduledSearch[] },
  iterations: number,
  budget: ScheduleBudget,
): void {
  // Every other partition counts, decided ones too: they keep their states for the result.
  let othersBytes = 0;
  for (const other of all) {
    if (other !== item) othersBytes += other.search.memoryBytes();
  }
  const startedMs = performance.now();
  const outcome = item.search.run(iterations, budget.deadlineMs, budget.memoryBytes - othersBytes);
  item.elapsedMs += performance.now() - startedMs;
  notePeaks(item);
  if (outcome === "memory") largest(running).search.giveUp("memory");
}

function notePeaks(item: ScheduledSearch): void {
  item.peakMemoryBytes = Math.max(item.peakMemoryBytes, item.search.memoryBytes());
  item.peakVisited = Math.max(item.peakVisited, item.search.visitedPeak);
}

function largest(items: readonly ScheduledSearch[]): ScheduledSearch {
  let found = items[0]!;
  for (const item of items) {
    if (item.search.status !== "running") continue;
    if (found.search.status !== "running" || item.search.memoryBytes() > found.search.memoryBytes())
      found = item;
  }
  return found;
}

function enforceVisitedBudget(running: readonly ScheduledSearch[], visitedMax: number): void {
  for (;;) {
    const stillRunning = running.filter((item) => item.search.status === "running");
    const total = stillRunning.reduce((sum, item) => sum + item.search.visitedCount, 0);
    if (total <= visitedMax || stillRunning.length === 0) return;
    let biggest = stillRunning[0]!;
    for (const item of stillRunning)
      if (item.search.visitedCount > biggest.search.visitedCount) biggest = item;
    biggest.search.giveUp("memory");
  }
}

function skipRunning(scheduled: readonly ScheduledSearch[]): void {
  for (const item of scheduled) {
    if (item.search.status === "running") item.search.giveUp("skipped");
  }
}
