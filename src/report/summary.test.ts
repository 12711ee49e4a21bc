import { describe, expect, it } from "vitest";
import { outcomeWord, summaryLines, summaryTotalsLine } from "./summary.js";
import { emptyFigures, sampleResult } from "./testing/sample-runs.js";

const failed = sampleResult({
  seed: 3,
  verdict: "fail",
  exitCode: 1,
  expectationMet: false,
  wallTimeMs: 4_120,
  checks: [
    { name: "linearizability", verdict: "fail", reason: "key k3 is not linearizable" },
    { name: "invariants", verdict: "pass", reason: "held" },
  ],
});

describe("the plain-text summary", () => {
  it("is one line for a passing run: word, scenario, seed, wall time, report folder", () => {
    expect(summaryLines(sampleResult(), { color: false })).toEqual([
      "PASS leader-partition seed=7 12.3s ok=0 fail=0 info=0  reports/leader-partition/20260102T030405Z-seed7",
    ]);
  });

  it("shows the run's ok, fail and info operation counts on its one line", () => {
    const figures = emptyFigures();
    figures.operations = { total: 2032, ok: 8, fail: 2011, info: 13, open: 2 };
    expect(summaryLines(sampleResult({ figures }), { color: false })[0]).toBe(
      "PASS leader-partition seed=7 12.3s ok=8 fail=2011 info=13  reports/leader-partition/20260102T030405Z-seed7",
    );
  });

  it("lists the failing checks and the reproduction line under a failed run", () => {
    expect(summaryLines(failed, { color: false })).toEqual([
      "FAIL leader-partition seed=3 4.1s ok=0 fail=0 info=0  reports/leader-partition/20260102T030405Z-seed3",
      "    linearizability: key k3 is not linearizable",
      "    reproduce: raftctl run scenarios/leader-partition.yaml --seed 3",
    ]);
  });

  it("calls a mutant that failed as expected a pass, and one that was not caught a failure", () => {
    const expected = { verdict: "fail", by: ["linearizability"] } as const;
    const caught = sampleResult({ verdict: "fail", expected, expectationMet: true });
    expect(summaryLines(caught, { color: false })[0]).toContain(
      "PASS leader-partition seed=7 12.3s ok=0 fail=0 info=0 (failed as expected)",
    );
    const missed = sampleResult({ verdict: "pass", expected, expectationMet: false });
    expect(outcomeWord(missed)).toBe("FAIL");
    expect(summaryLines(missed, { color: false })[1]).toBe(
      "    expected: a failure by linearizability; none of them failed in this seed",
    );
  });

  it("colours only when asked", () => {
    expect(summaryLines(failed, { color: false }).join("\n")).not.toContain("\u001b[");
    expect(summaryLines(failed, { color: true })[0]).toContain("\u001b[31mFAIL\u001b[39m");
  });

  it("totals runs by outcome, naming unknown and interrupted only when present", () => {
    const unknown = sampleResult({ verdict: "unknown", exitCode: 2, expectationMet: false });
    const interrupted = sampleResult({ verdict: "interrupted", interrupted: true, exitCode: 130 });
    expect(summaryTotalsLine([sampleResult(), failed], { color: false })).toBe(
      "2 runs: 1 passed, 1 failed",
    );
    expect(summaryTotalsLine([unknown, interrupted], { color: false })).toBe(
      "2 runs: 0 passed, 0 failed, 1 unknown, 1 interrupted",
    );
  });

  it("says from the verdict why a run could not be judged, and never calls a partial run a pass", () => {
    const ioFailure = sampleResult({
      verdict: "io-failure",
      exitCode: 74,
      error: "IoFailureError: ENOSPC",
      expectationMet: false,
    });
    expect(summaryLines(ioFailure, { color: false }).slice(0, 2)).toEqual([
      "IO-FAILURE leader-partition seed=7 12.3s ok=0 fail=0 info=0  reports/leader-partition/20260102T030405Z-seed7",
      "    I/O failure: IoFailureError: ENOSPC",
    ]);
    const badInput = sampleResult({ verdict: "bad-input", exitCode: 64, error: "x" });
    expect(outcomeWord(badInput)).toBe("BAD-INPUT");
    const analysedPartial = sampleResult({
      verdict: "unknown",
      exitCode: 2,
      interrupted: true,
      error: "TypeError: boom",
      expectationMet: false,
    });
    expect(outcomeWord(analysedPartial)).toBe("UNKNOWN");
  });
});
