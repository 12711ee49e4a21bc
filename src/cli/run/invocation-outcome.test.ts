import { describe, expect, it } from "vitest";
import type { RunResult } from "../../report/index.js";
import { sampleResult } from "../../report/testing/sample-runs.js";
import { scenarioFromText } from "../../run/testing/test-scenarios.js";
import { letsScenarioDown } from "./fail-fast.js";
import { closingLines, invocationExitCode, mutantLines } from "./invocation-outcome.js";
import type { PlannedRun } from "./run-plan.js";

const expectsFailure = { verdict: "fail", by: ["linearizability"] } as const;

function mutantRun(seed: number, caught: boolean): RunResult {
  return sampleResult({
    scenario: "stale-local-read",
    seed,
    verdict: caught ? "fail" : "pass",
    exitCode: caught ? 1 : 0,
    expected: expectsFailure,
    expectationMet: caught,
    checks: [{ name: "linearizability", verdict: caught ? "fail" : "pass", reason: "x" }],
  });
}

const passing = (seed: number) => sampleResult({ scenario: "bridge", seed });
const failing = (seed: number) =>
  sampleResult({ scenario: "bridge", seed, verdict: "fail", exitCode: 1, expectationMet: false });
const unknown = (seed: number) =>
  sampleResult({ scenario: "pause", seed, verdict: "unknown", exitCode: 2, expectationMet: false });

describe("the exit code of an invocation", () => {
  it("passes a mutant scenario when any seed caught it, and fails it when none did", () => {
    expect(invocationExitCode([mutantRun(1, false), mutantRun(2, true)], false)).toBe(0);
    expect(invocationExitCode([mutantRun(1, false), mutantRun(2, false)], false)).toBe(1);
  });

  it("takes the worst over scenarios: fail over unknown over pass", () => {
    expect(invocationExitCode([passing(1), unknown(1)], false)).toBe(2);
    expect(invocationExitCode([passing(1), unknown(1), failing(2)], false)).toBe(1);
  });

  it("lets raftctl's own failure and an interrupt win over verdicts", () => {
    const errored = sampleResult({
      scenario: "bridge",
      verdict: "error",
      error: "boom",
      exitCode: 70,
      expectationMet: false,
    });
    expect(invocationExitCode([failing(1), errored], false)).toBe(70);
    expect(invocationExitCode([passing(1)], true)).toBe(130);
  });
});

describe("the closing lines", () => {
  it("say which seed caught each mutant scenario, or that none did", () => {
    const other = mutantRun(5, false);
    expect(
      mutantLines([
        mutantRun(1, false),
        mutantRun(2, true),
        mutantRun(3, true),
        { ...other, scenario: "wipe" },
      ]),
    ).toEqual([
      "stale-local-read: caught by seed 2 (linearizability) and 1 more of 3 seeds",
      "wipe: NOT caught by seed 5 (expected a failure by linearizability)",
    ]);
  });

  it("name every seed that missed a mutant", () => {
    expect(mutantLines([mutantRun(1, false), mutantRun(2, false)])).toEqual([
      "stale-local-read: NOT caught by seeds 1, 2 (expected a failure by linearizability)",
    ]);
  });

  it("end with the totals and how many planned runs did not run", () => {
    const lines = closingLines([passing(1), failing(2)], { color: false, planned: 5 });
    expect(lines).toEqual(["2 runs: 1 passed, 1 failed (3 not run)"]);
  });
});

describe("--fail-fast", () => {
  const plan: PlannedRun[] = [1, 2].map((seed, position) => ({
    position,
    file: "mutant.yaml",
    scenario: scenarioFromText("name: m\nduration: 1s\n"),
    seed,
    extraArguments: [],
  }));

  it("stops at a scenario's first run that fails when it expects to pass", () => {
    const results = new Map([[0, failing(1)]]);
    expect(letsScenarioDown({ result: failing(1), run: plan[0]!, plan, results })).toBe(true);
    expect(
      letsScenarioDown({
        result: passing(1),
        run: plan[0]!,
        plan,
        results: new Map([[0, passing(1)]]),
      }),
    ).toBe(false);
  });

  it("waits for every seed of a mutant scenario before calling it missed", () => {
    const first = mutantRun(1, false);
    const second = mutantRun(2, false);
    const afterFirst = new Map([[0, first]]);
    expect(letsScenarioDown({ result: first, run: plan[0]!, plan, results: afterFirst })).toBe(
      false,
    );
    const afterBoth = new Map([
      [0, first],
      [1, second],
    ]);
    expect(letsScenarioDown({ result: second, run: plan[1]!, plan, results: afterBoth })).toBe(
      true,
    );
    const caught = new Map([
      [0, first],
      [1, mutantRun(2, true)],
    ]);
    expect(
      letsScenarioDown({ result: mutantRun(2, true), run: plan[1]!, plan, results: caught }),
    ).toBe(false);
  });
});
