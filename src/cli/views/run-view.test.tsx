import { renderToString } from "ink";
import { describe, expect, it } from "vitest";
import type { FinishedRun, RunProgress } from "../../run/progress.js";
import { RunView } from "./run-view.js";

const failedRun: FinishedRun = {
  runKey: "a",
  scenario: "leader-partition",
  seed: 7,
  verdict: "fail",
  expectationMet: false,
  wallTimeMs: 2500,
  reportDir: "reports/leader-partition/x-seed7",
  reproduce: "raftctl run scenarios/leader-partition.yaml --seed 7",
  problems: ["linearizability: key k3 is not linearizable"],
};

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
    expect(text).toContain("FAIL leader-partition seed=7 2.5s");
    expect(text).toContain("linearizability: key k3 is not linearizable");
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

  it("marks a mutant that failed as expected as passing", () => {
    const text = renderToString(
      <RunView
        finished={[{ ...failedRun, expectationMet: true }]}
        running={[]}
        totals={{ planned: 1, done: 1 }}
        color={false}
      />,
    );
    expect(text).toContain("PASS leader-partition seed=7 2.5s (failed as expected)");
    expect(text).not.toContain("reproduce:");
  });
});
