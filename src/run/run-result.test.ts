import { describe, expect, it } from "vitest";
import { NodeFailureError } from "../cluster/node-failure.js";
import {
  type CheckReport,
  computeRunFigures,
  type RunVerdict,
  renderJunitXml,
  runVerdictExitCodes,
} from "../report/index.js";
import { findAll, parseXml } from "../report/testing/parse-xml.js";
import { checkSystem } from "./checks/system-check.js";
import { IoFailureError } from "./io-failure.js";
import { unexpectedExitError } from "./run-cluster.js";
import { classifyRunFailure } from "./run-failure.js";
import { buildRunResult, type RunProblem, type RunStop } from "./run-result.js";
import { scenarioFromText } from "./testing/test-scenarios.js";

const checkSets: Record<string, CheckReport[]> = {
  none: [],
  passing: [
    { name: "linearizability", verdict: "pass", reason: "ok" },
    { name: "liveness", verdict: "skipped", reason: "not reached" },
  ],
  unknown: [{ name: "linearizability", verdict: "unknown", reason: "budget ran out" }],
  failing: [
    { name: "linearizability", verdict: "unknown", reason: "budget ran out" },
    { name: "system", verdict: "fail", reason: "node n1 refused to start" },
  ],
};
const stops: RunStop[] = [null, "interrupt", "time-limit"];
const problems: (RunProblem | null)[] = [
  null,
  { verdict: "error", message: "TypeError: boom" },
  { verdict: "io-failure", message: "ENOSPC" },
  { verdict: "bad-input", message: "no node n9" },
];
const expectations = ["{ verdict: pass }", "{ verdict: fail, by: [system-error] }"];
const scenarios = new Map(
  expectations.map((expect) => [
    expect,
    scenarioFromText(`name: s\nduration: 1s\nexpect: ${expect}\n`),
  ]),
);

/** Every way a run can end, as buildRunResult sees it. */
function everyEnding() {
  const endings = [];
  for (const [checksName, checks] of Object.entries(checkSets)) {
    for (const stop of stops) {
      for (const problem of problems) {
        for (const expect of expectations) {
          for (const partial of [false, true]) {
            endings.push({ checksName, checks, stop, problem, expect, partial });
          }
        }
      }
    }
  }
  return endings;
}

function resultOf(ending: ReturnType<typeof everyEnding>[number]) {
  return buildRunResult({
    scenario: scenarios.get(ending.expect)!,
    scenarioFile: "s.yaml",
    startedAt: new Date(0),
    wallTimeMs: 1,
    checks: ending.checks,
    figures: computeRunFigures({ records: [], events: [] }),
    stop: ending.stop,
    problem: ending.problem,
    partial: ending.partial,
    reproduce: "raftctl run s.yaml --seed 1",
    reportDir: "reports/s",
  });
}

describe("a run's verdict and exit code", () => {
  it("never disagree, however the run ended: the code is always the verdict's", () => {
    for (const ending of everyEnding()) {
      const result = resultOf(ending);
      expect(result.exitCode, JSON.stringify(ending)).toBe(runVerdictExitCodes[result.verdict]);
    }
  });

  it("take the worst cause by one order: interrupted, bad input, raftctl's error, I/O failure, fail, unknown, pass", () => {
    for (const ending of everyEnding()) {
      const { verdict } = resultOf(ending);
      const where = JSON.stringify(ending);
      let expected: RunVerdict;
      if (ending.stop === "interrupt") expected = "interrupted";
      else if (ending.problem !== null) expected = ending.problem.verdict;
      else if (ending.checksName === "failing") expected = "fail";
      else if (ending.checksName === "unknown") expected = "unknown";
      else if (ending.stop !== null || ending.partial) expected = "unknown";
      else expected = "pass";
      expect(verdict, where).toBe(expected);
    }
  });

  it("say interrupted for an interrupted run, even when every check that ran passed", () => {
    const result = resultOf({
      checksName: "passing",
      checks: checkSets.passing!,
      stop: "interrupt",
      problem: null,
      expect: "{ verdict: pass }",
      partial: false,
    });
    expect(result).toMatchObject({ verdict: "interrupted", exitCode: 130, interrupted: true });
  });

  it("never meet an expectation when the run could not be judged", () => {
    for (const ending of everyEnding()) {
      const result = resultOf(ending);
      if (ending.stop === "interrupt" || ending.problem !== null) {
        expect(result.expectationMet, JSON.stringify(ending)).toBe(false);
      }
    }
  });

  it("show in JUnit as a failure or error whenever the run is not a pass", () => {
    for (const ending of everyEnding()) {
      const result = resultOf(ending);
      if (result.verdict === "pass" || result.expected.verdict === "fail") continue;
      const document = parseXml(renderJunitXml([result]));
      const problems = findAll(document, "failure").length + findAll(document, "error").length;
      expect(problems, JSON.stringify(ending)).toBeGreaterThan(0);
    }
  });
});

describe("the error that ends a run", () => {
  const refused = () =>
    new NodeFailureError("n1", "refused-to-start", {
      name: "LogCorruptionError",
      message: "log of n1 is corrupt at byte offset 0",
    });

  it("is a found bug when a node of the system under test refused to start or died", () => {
    const failure = refused();
    expect(classifyRunFailure(failure)).toEqual({ kind: "node-failure", failure });
    expect(checkSystem({ failure, nodeLog: "nodes/n1.log", ioFailure: null })).toMatchObject({
      name: "system",
      verdict: "fail",
      reason:
        "node n1 refused to start: LogCorruptionError: log of n1 is corrupt at byte offset 0; its log: nodes/n1.log",
    });
  });

  it("is an I/O failure (74) when it carries exit code 74, a node's death included", () => {
    const died = unexpectedExitError({
      node: "n2",
      pid: 1,
      atMs: 10,
      code: 70,
      signal: null,
      logTail: "",
      listening: true,
      fatal: { name: "Error", message: "ENOSPC: no space left on device, write", code: "ENOSPC" },
    });
    expect(classifyRunFailure(died)).toMatchObject({
      kind: "problem",
      problem: { verdict: "io-failure" },
    });
    const line = "node n2: cannot write its data directory: no space left on the device (ENOSPC)";
    expect(died.message).toBe(line);
    expect(checkSystem({ failure: null, nodeLog: null, ioFailure: line }).verdict).toBe("unknown");
    expect(classifyRunFailure(new IoFailureError("reports/x/result.json", "EROFS"))).toEqual({
      kind: "problem",
      problem: {
        verdict: "io-failure",
        message: "cannot write reports/x/result.json: read-only file system (EROFS)",
      },
    });
  });

  it("is a found violation when it is a Raft assertion, in a node process or in the simulator", () => {
    const assertion = new Error("two leaders in term 3");
    assertion.name = "RaftInvariantError";
    expect(classifyRunFailure(assertion)).toEqual({
      kind: "assertion",
      message: "two leaders in term 3",
    });
    const died = new NodeFailureError("n1", "died", {
      name: "ReplicaInvariantError",
      message: "applied index went back",
    });
    expect(classifyRunFailure(died)).toEqual({
      kind: "assertion",
      message: "applied index went back",
    });
  });

  it("is raftctl's own (70) for anything else, and a bad input (64) when it says so", () => {
    expect(classifyRunFailure(new TypeError("x is undefined"))).toEqual({
      kind: "problem",
      problem: { verdict: "error", message: "TypeError: x is undefined" },
    });
    const badArguments = new NodeFailureError("n1", "refused-to-start", {
      name: "NodeArgumentError",
      message: "--tick-ms: not a number",
    });
    expect(classifyRunFailure(badArguments)).toMatchObject({
      kind: "problem",
      problem: { verdict: "error" },
    });
    const portTaken = new NodeFailureError("n1", "refused-to-start", {
      name: "Error",
      message: "listen EADDRINUSE: address already in use 127.0.0.1:4000",
      code: "EADDRINUSE",
    });
    expect(classifyRunFailure(portTaken)).toMatchObject({ problem: { verdict: "error" } });
    const lateBadInput = Object.assign(new Error("no node n9"), { exitCode: 64 });
    expect(classifyRunFailure(lateBadInput)).toMatchObject({
      kind: "problem",
      problem: { verdict: "bad-input" },
    });
  });
});
