import type { NodeEvent } from "../../history/events.js";
import type { HistoryRecord } from "../../history/types.js";
import { RESULT_FORMAT_VERSION, type RunFigures, type RunResult } from "../result.js";

/** Hand-made results and histories for the report's tests. */

export function emptyFigures(): RunFigures {
  const none = { ok: 0, total: 0, share: null };
  return {
    operations: { total: 0, ok: 0, fail: 0, info: 0, open: 0 },
    availability: { overall: none, insideFaults: none, outsideFaults: none },
    quiet: null,
    latencyMs: null,
    throughputOkPerSecond: 0,
    elections: 0,
    maxTerm: 0,
    events: 0,
    nodeCrashes: 0,
    nodeRestarts: 0,
    nodePauses: 0,
    faults: 0,
    historyDurationMs: 0,
  };
}

export function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  const seed = overrides.seed ?? 7;
  return {
    formatVersion: RESULT_FORMAT_VERSION,
    raftctlVersion: "0.1.0",
    gitCommit: "0123456789abcdef0123456789abcdef01234567",
    nodeVersion: "v20.19.0",
    mode: "sim",
    scenario: "leader-partition",
    scenarioFile: "scenarios/leader-partition.yaml",
    seed,
    startedAt: "2026-01-02T03:04:05.000Z",
    wallTimeMs: 12_345,
    scenarioDurationMs: 30_000,
    verdict: "pass",
    exitCode: 0,
    expected: { verdict: "pass" },
    expectationMet: true,
    interrupted: false,
    error: null,
    checks: [
      { name: "linearizability", verdict: "pass", reason: "8 keys linearizable", durationMs: 120 },
      { name: "invariants", verdict: "pass", reason: "all invariants held" },
      { name: "liveness", verdict: "pass", reason: "leader n1 within 420ms after the final heal" },
      { name: "availability", verdict: "skipped", reason: "no availability bound set" },
    ],
    figures: emptyFigures(),
    reproduce: `raftctl run scenarios/leader-partition.yaml --seed ${seed}`,
    reportDir: `reports/leader-partition/20260102T030405Z-seed${seed}`,
    ...overrides,
  };
}

const MS = 1_000_000;

/**
 * Two clients, one key, one partition from 10 to 30 ms:
 * - p0 writes 1 at 0..5ms (ok), reads at 12..40 ms (fail: not leader, inside the fault).
 * - p1 writes 2 at 20..60 ms (info: no answer, inside the fault), then as p2 reads at 70..72 ms (ok 2).
 * - p0 reads at 80 ms and never returns (open: the run was cut short).
 */
export function sampleHistory(): HistoryRecord[] {
  return [
    { index: 0, type: "invoke", process: 0, f: "write", key: "k1", value: "1", timeNs: 0 },
    { index: 1, type: "ok", process: 0, f: "write", key: "k1", value: "1", timeNs: 5 * MS },
    {
      index: 2,
      type: "info",
      process: "nemesis",
      f: "partition",
      value: { shape: "isolate-leader", groups: [["n1"], ["n2", "n3"]] },
      timeNs: 10 * MS,
      endNs: 30 * MS,
    },
    { index: 3, type: "invoke", process: 0, f: "read", key: "k1", value: null, timeNs: 12 * MS },
    { index: 4, type: "invoke", process: 1, f: "write", key: "k1", value: "2", timeNs: 20 * MS },
    {
      index: 5,
      type: "fail",
      process: 0,
      f: "read",
      key: "k1",
      value: null,
      timeNs: 40 * MS,
      error: "not-leader",
    },
    {
      index: 6,
      type: "info",
      process: 1,
      f: "write",
      key: "k1",
      value: "2",
      timeNs: 60 * MS,
      error: "timeout",
    },
    { index: 7, type: "invoke", process: 2, f: "read", key: "k1", value: null, timeNs: 70 * MS },
    { index: 8, type: "ok", process: 2, f: "read", key: "k1", value: "2", timeNs: 72 * MS },
    { index: 9, type: "invoke", process: 0, f: "read", key: "k1", value: null, timeNs: 80 * MS },
  ];
}

/** Three nodes: n1 leads term 1, is cut off, n2 leads term 2; n3 crashes and restarts; n1 pauses. */
export function sampleEvents(): NodeEvent[] {
  return [
    { timeNs: 1 * MS, node: "n1", type: "role", role: "candidate", term: 1 },
    { timeNs: 2 * MS, node: "n1", type: "role", role: "leader", term: 1 },
    { timeNs: 2 * MS, node: "n2", type: "role", role: "follower", term: 1 },
    { timeNs: 2 * MS, node: "n3", type: "role", role: "follower", term: 1 },
    { timeNs: 15 * MS, node: "n2", type: "role", role: "candidate", term: 2 },
    { timeNs: 16 * MS, node: "n2", type: "role", role: "leader", term: 2 },
    { timeNs: 16 * MS, node: "n3", type: "role", role: "follower", term: 2 },
    {
      timeNs: 16 * MS,
      node: "n3",
      type: "persist",
      hardState: { term: 2, vote: "n2", commit: 1 },
      lastIndex: 1,
      synced: true,
    },
    { timeNs: 35 * MS, node: "n1", type: "role", role: "follower", term: 2 },
    { timeNs: 45 * MS, node: "n3", type: "crash", loseUnsynced: false, tornWrite: false },
    { timeNs: 55 * MS, node: "n3", type: "restart", wiped: false },
    { timeNs: 62 * MS, node: "n1", type: "pause" },
    { timeNs: 66 * MS, node: "n1", type: "resume" },
  ];
}

/**
 * A history whose very first operation cannot be placed: a read of k1 returns a value nobody
 * wrote. Later operations are fine.
 */
export function firstOperationIllegalHistory(): HistoryRecord[] {
  return [
    { index: 0, type: "invoke", process: 0, f: "read", key: "k1", value: null, timeNs: 0 },
    { index: 1, type: "ok", process: 0, f: "read", key: "k1", value: "ghost", timeNs: 2 * MS },
    { index: 2, type: "invoke", process: 1, f: "write", key: "k1", value: "1", timeNs: 3 * MS },
    { index: 3, type: "ok", process: 1, f: "write", key: "k1", value: "1", timeNs: 5 * MS },
    { index: 4, type: "invoke", process: 0, f: "read", key: "k1", value: null, timeNs: 6 * MS },
    { index: 5, type: "ok", process: 0, f: "read", key: "k1", value: "1", timeNs: 8 * MS },
  ];
}
