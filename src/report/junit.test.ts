import { describe, expect, it } from "vitest";
import { renderJunitXml } from "./junit.js";
import { findAll, parseXml } from "./testing/parse-xml.js";
import { sampleResult } from "./testing/sample-runs.js";

const failedRun = sampleResult({
  seed: 3,
  verdict: "fail",
  exitCode: 1,
  expectationMet: false,
  checks: [
    {
      name: "linearizability",
      verdict: "fail",
      reason: 'key "k<3>" & friends: op 41 cannot be placed',
    },
    { name: "invariants", verdict: "unknown", reason: "budget ran out" },
    { name: "availability", verdict: "skipped", reason: "no bound set" },
  ],
});

describe("junit.xml", () => {
  it("is well-formed XML with a suite per scenario and a case per check, named with the seed", () => {
    const other = sampleResult({ scenario: "crash-restart", seed: 1 });
    const document = parseXml(renderJunitXml([sampleResult(), failedRun, other]));
    const suites = findAll(document, "testsuite");
    expect(suites.map((suite) => suite.attributes.name)).toEqual([
      "leader-partition",
      "crash-restart",
    ]);
    const names = findAll(suites[0]!, "testcase").map((testCase) => testCase.attributes.name);
    expect(names).toContain("linearizability seed=7");
    expect(names).toContain("linearizability seed=3");
    expect(suites[0]!.attributes).toMatchObject({
      tests: "7",
      failures: "1",
      errors: "1",
      skipped: "2",
    });
    expect(document.attributes).toMatchObject({ tests: "11", failures: "1" });
  });

  it("escapes the reason in the failure message and carries the reproduction command", () => {
    const document = parseXml(renderJunitXml([failedRun]));
    const [failure] = findAll(document, "failure");
    expect(failure?.attributes.message).toBe('key "k<3>" & friends: op 41 cannot be placed');
    expect(failure?.attributes.type).toBe("linearizability");
    expect(failure?.text).toContain(
      "reproduce: raftctl run scenarios/leader-partition.yaml --seed 3",
    );
    expect(findAll(document, "error")[0]?.attributes.message).toBe("budget ran out");
    expect(findAll(document, "skipped")).toHaveLength(1);
  });

  it("survives characters XML cannot carry and keeps newlines in attributes", () => {
    const nasty = sampleResult({
      scenario: "a'b\"c",
      verdict: "fail",
      checks: [
        { name: "liveness", verdict: "fail", reason: "line one\nline two \u0001 ]]> \uD800" },
      ],
    });
    const document = parseXml(renderJunitXml([nasty]));
    expect(findAll(document, "testsuite")[0]?.attributes.name).toBe("a'b\"c");
    expect(findAll(document, "failure")[0]?.attributes.message).toBe(
      "line one\nline two \uFFFD ]]> \uFFFD",
    );
  });

  it("reports a mutant's checks as passing and fails the suite's expectation only when no seed caught it", () => {
    const mutant = (seed: number, caught: boolean) =>
      sampleResult({
        scenario: "commit-prior-term",
        seed,
        verdict: caught ? "fail" : "pass",
        exitCode: caught ? 1 : 0,
        expected: { verdict: "fail", by: ["linearizability"] },
        expectationMet: caught,
        checks: [{ name: "linearizability", verdict: caught ? "fail" : "pass", reason: "x" }],
      });
    const caughtXml = parseXml(renderJunitXml([mutant(1, false), mutant(2, true)]));
    expect(findAll(caughtXml, "failure")).toHaveLength(0);
    const expectationCase = findAll(caughtXml, "testcase").find((c) =>
      c.attributes.name?.startsWith("expectation"),
    );
    expect(findAll(expectationCase!, "system-out")[0]?.text).toBe("caught by seed 2");

    const missedXml = parseXml(renderJunitXml([mutant(1, false), mutant(2, false)]));
    const [failure] = findAll(missedXml, "failure");
    expect(failure?.attributes.message).toBe("no seed failed for linearizability (seeds 1, 2)");
    expect(failure?.text).toContain(
      "reproduce: raftctl run scenarios/leader-partition.yaml --seed 2",
    );
  });

  it("adds an error case for an interrupted run or one where raftctl failed", () => {
    const interrupted = sampleResult({
      verdict: "interrupted",
      interrupted: true,
      exitCode: 130,
      checks: [],
    });
    const document = parseXml(renderJunitXml([interrupted]));
    const [error] = findAll(document, "error");
    expect(error?.attributes.type).toBe("interrupted");
    expect(findAll(document, "testcase")[0]?.attributes.name).toBe("run seed=7");
  });

  it("names why a run could not be judged in its error case: raftctl's error, an I/O failure, a bad input", () => {
    for (const [verdict, exitCode] of [
      ["error", 70],
      ["io-failure", 74],
      ["bad-input", 64],
    ] as const) {
      const run = sampleResult({ verdict, exitCode, error: "it broke", expectationMet: false });
      const document = parseXml(renderJunitXml([run]));
      const runCase = findAll(document, "testcase").find((c) => c.attributes.name === "run seed=7");
      expect(findAll(runCase!, "error")[0]?.attributes).toMatchObject({
        type: verdict,
        message: "it broke",
      });
    }
  });

  it("shows a run whose history is partial as an error even when every check that ran passed", () => {
    const partial = sampleResult({ verdict: "unknown", exitCode: 2, interrupted: true });
    const document = parseXml(renderJunitXml([partial]));
    expect(findAll(document, "error").map((error) => error.attributes.type)).toEqual(["partial"]);
  });

  it("lists a skipped check with its reason", () => {
    const document = parseXml(renderJunitXml([sampleResult()]));
    expect(findAll(document, "skipped").map((skipped) => skipped.attributes.message)).toEqual([
      "no availability bound set",
    ]);
  });

  it("is a valid empty document for no runs", () => {
    const document = parseXml(renderJunitXml([]));
    expect(document.attributes.tests).toBe("0");
  });
});
