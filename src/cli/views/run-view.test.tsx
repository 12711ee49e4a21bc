import { renderToString } from "ink";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../report/index.js";
import type { RunProgress } from "../../run/index.js";
import { RunView } from "./run-view.js";

const failedRun = {
  formatVersion: 1,
  raftctlVersion: "0.1.0",
  gitCommit: null,
  nodeVersion: "v20.0.0",
  mode: "sim",
  scenario: "leader-partition",
  scenarioFile: "scenarios/leader-partition.yaml",
  seed: 7,
  startedAt: "2026-01-01T00:00:00.000Z",
  wallTimeMs: 2500,
  scenarioDurationMs: 30_000,
  verdict: "fail",
  exitCode: 1,
  expected: { verdict: "pass" },
  expectationMet: false,
  interrupted: false,
  error: null,
  checks: [
    { name: "linearizability", verdict: "fail", reason: "key k3 not linearizable" },
    { name: "invariants", verdict: "pass", reason: "all invariants held" },
  ],
  figures: {
    operations: { total: 1240, ok: 1200, fail: 37, info: 3, open: 0 },
  } as RunResult["figures"],
  reproduce: "raftctl run scenarios/leader-partition.yaml --seed 7",
  reportDir: "reports/leader-partition/x-seed7",
} satisfies RunResult;

const running: RunProgress = {
  runKey: "b",
  scenario: "bridge",
  seed: 1,
  mode: "sim",
  phase: "running",
  scenarioTimeMs: 15_000,
  durationMs: 30_000,
  nodes: [
    { node: "n1", up: true, paused: false, role: "leader", term: 3, commitIndex: 40, leader: "n1" },
    {
      node: "n2",
      up: false,
      paused: false,
      role: "follower",
      term: 2,
      commitIndex: 0,
      leader: null,
    },
  ],
  activeFaults: ["partition bridge"],
  counts: { ok: 10, fail: 2, info: 1 },
};

describe("the run view", () => {
  it("shows a finished failing run with its problem and the reproduction command", () => {
    const text = renderToString(
      <RunView
        finished={[failedRun]}
        running={[]}
        totals={{ planned: 2, done: 1 }}
        color={false}
      />,
    );
    expect(text).toContain("FAIL leader-partition seed=7 2.5s ok=1200 fail=37 info=3");
    expect(text).toContain("reports/leader-partition/x-seed7");
    expect(text).toContain("linearizability: key k3 not linearizable");
    expect(text).toContain("reproduce: raftctl run scenarios/leader-partition.yaml --seed 7");
    expect(text).toContain("1/2 runs finished");
  });

  it("shows a running run's progress, each node's role, term and commit, and the active faults", () => {
    const text = renderToString(
      <RunView finished={[]} running={[running]} totals={{ planned: 1, done: 0 }} color={false} />,
    );
    expect(text).toContain("bridge seed=1 running 50%  ok=10 fail=2 info=1");
    expect(text).toContain("n1:leader t3 c40");
    expect(text).toContain("n2:down");
    expect(text).toContain("faults: partition bridge");
  });

  it("shows a run that has not reported progress yet as starting", () => {
    const text = renderToString(
      <RunView
        finished={[]}
        running={[{ runKey: "c", scenario: "pause", seed: 4 }]}
        totals={{ planned: 1, done: 0 }}
        color={false}
      />,
    );
    expect(text).toContain("pause seed=4 starting");
  });

  it("marks a mutant that failed as expected as passing, without a reproduction line", () => {
    const caught: RunResult = {
      ...failedRun,
      expected: { verdict: "fail", by: ["linearizability"] },
      expectationMet: true,
      exitCode: 0,
    };
    const text = renderToString(
      <RunView finished={[caught]} running={[]} totals={{ planned: 1, done: 1 }} color={false} />,
    );
    expect(text).toContain(
      "PASS leader-partition seed=7 2.5s ok=1200 fail=37 info=3 (failed as expected)",
    );
    expect(text).not.toContain("reproduce:");
  });
});
