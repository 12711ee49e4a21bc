import { describe, expect, it } from "vitest";
import { scenarioFromText } from "../../run/testing/test-scenarios.js";
import { childExitCode, childFailureResult } from "./child-failure.js";

const run = {
  position: 0,
  file: "s.yaml",
  scenario: scenarioFromText("name: s\nduration: 1s\n"),
  seed: 1,
  extraArguments: [],
};

describe("the result of a --jobs child that died without one", () => {
  it("has a verdict that agrees with its exit code: bad input 64, raftctl's error 70", () => {
    const refused = childFailureResult(run, { why: "exit code 64", stderr: "", exitCode: 64 });
    expect(refused).toMatchObject({ verdict: "bad-input", exitCode: 64 });
    const crashed = childFailureResult(run, {
      why: "exit code 70",
      stderr: "raftctl: internal error: boom\n",
      exitCode: 70,
    });
    expect(crashed).toMatchObject({
      verdict: "error",
      exitCode: 70,
      expectationMet: false,
      error:
        "the child process for s.yaml seed 1 failed: exit code 70 (raftctl: internal error: boom)",
    });
  });

  it("keeps an I/O failure (74) and an interrupt (130) as such, and takes any other code for 70", () => {
    const full = childFailureResult(run, { why: "exit code 74", stderr: "", exitCode: 74 });
    expect(full).toMatchObject({ verdict: "io-failure", exitCode: 74 });
    const stopped = childFailureResult(run, { why: "exit code 130", stderr: "", exitCode: 130 });
    expect(stopped).toMatchObject({ verdict: "interrupted", exitCode: 130, interrupted: true });
    expect([64, 74, 130, 70, 1, 2, null].map(childExitCode)).toEqual([64, 74, 130, 70, 70, 70, 70]);
  });
});
