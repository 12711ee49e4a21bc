import { describe, expect, it } from "vitest";
import {
  type CheckOutcome,
  failureReasons,
  runExpectationMet,
  runVerdict,
  scenarioExitCode,
} from "./expectation.js";

const passing: CheckOutcome[] = [
  { name: "linearizability", verdict: "pass" },
  { name: "invariants", verdict: "pass" },
  { name: "liveness", verdict: "pass" },
];

describe("a run's verdict", () => {
  it("is fail when any check failed, even beside an unknown", () => {
    expect(runVerdict([...passing, { name: "availability", verdict: "fail" }])).toBe("fail");
    expect(
      runVerdict([
        { name: "linearizability", verdict: "unknown" },
        { name: "invariants", verdict: "fail" },
      ]),
    ).toBe("fail");
  });
  it("is unknown when nothing failed and a check ran out of budget", () => {
    expect(runVerdict([{ name: "linearizability", verdict: "unknown" }])).toBe("unknown");
  });
  it("passes when every check passed or was skipped", () => {
    expect(runVerdict([...passing, { name: "availability", verdict: "skipped" }])).toBe("pass");
  });
});

describe("expectations", () => {
  const invariantBroken: CheckOutcome[] = [
    { name: "linearizability", verdict: "pass" },
    { name: "invariants", verdict: "fail" },
  ];
  it("names failure reasons in the vocabulary of expect.by", () => {
    expect(failureReasons(invariantBroken)).toEqual(["invariant"]);
  });
  it("maps the availability, elections and system checks to their reasons", () => {
    const failed: CheckOutcome[] = [
      { name: "availability", verdict: "fail" },
      { name: "elections", verdict: "fail" },
      { name: "system", verdict: "fail" },
    ];
    expect(failureReasons(failed)).toEqual(["availability", "elections", "system-error"]);
    expect(runExpectationMet({ verdict: "fail", by: ["system-error"] }, failed)).toBe(true);
  });
  it("meets an expected failure only for one of the named reasons", () => {
    expect(runExpectationMet({ verdict: "fail", by: ["invariant"] }, invariantBroken)).toBe(true);
    expect(runExpectationMet({ verdict: "fail", by: ["linearizability"] }, invariantBroken)).toBe(
      false,
    );
  });
  it("passes a mutant scenario when any seed caught it, and fails it when none did", () => {
    const expectation = { verdict: "fail", by: ["linearizability"] } as const;
    const caught = { verdict: "fail" as const, expectationMet: true };
    const missed = { verdict: "pass" as const, expectationMet: false };
    expect(scenarioExitCode(expectation, [missed, caught, missed])).toBe(0);
    expect(scenarioExitCode(expectation, [missed, missed])).toBe(1);
  });
  it("gives a scenario the code of a run that could not be judged, whatever it expects", () => {
    const caught = { verdict: "fail" as const, expectationMet: true };
    const expectsFailure = { verdict: "fail", by: ["linearizability"] } as const;
    const unjudged = [
      ["interrupted", 130],
      ["bad-input", 64],
      ["error", 70],
      ["io-failure", 74],
    ] as const;
    for (const [verdict, code] of unjudged) {
      const run = { verdict, expectationMet: false };
      expect(scenarioExitCode(expectsFailure, [caught, run])).toBe(code);
      expect(
        scenarioExitCode({ verdict: "pass" }, [run, { ...caught, expectationMet: false }]),
      ).toBe(code);
    }
    const errored = { verdict: "error" as const, expectationMet: false };
    const interrupted = { verdict: "interrupted" as const, expectationMet: false };
    expect(scenarioExitCode({ verdict: "pass" }, [errored, interrupted])).toBe(130);
  });
  it("gives a passing scenario the worst of its seeds: fail over unknown", () => {
    const expectation = { verdict: "pass" } as const;
    const unknown = { verdict: "unknown" as const, expectationMet: false };
    const failed = { verdict: "fail" as const, expectationMet: false };
    expect(scenarioExitCode(expectation, [unknown])).toBe(2);
    expect(scenarioExitCode(expectation, [unknown, failed])).toBe(1);
  });
});
