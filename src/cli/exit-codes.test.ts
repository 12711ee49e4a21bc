import { describe, expect, it } from "vitest";
import { runVerdictExitCodes, runVerdictOrder } from "../report/result.js";
import { ExitCode, worstExitCode } from "./exit-codes.js";

describe("worstExitCode", () => {
  it("is 0 when every run passed", () => {
    expect(worstExitCode([0, 0, 0])).toBe(ExitCode.passed);
    expect(worstExitCode([])).toBe(ExitCode.passed);
  });
  it("prefers failed over unknown over passed", () => {
    expect(worstExitCode([0, 2, 0])).toBe(ExitCode.unknown);
    expect(worstExitCode([2, 1, 0])).toBe(ExitCode.failed);
    expect(worstExitCode([1, 2])).toBe(ExitCode.failed);
  });
  it("follows the one total order 130 > 64 > 70 > 74 > 1 > 2 > 0, whatever the order of the runs", () => {
    const order = [130, 64, 70, 74, 1, 2, 0];
    for (let higher = 0; higher < order.length; higher++) {
      for (let lower = higher + 1; lower < order.length; lower++) {
        expect(worstExitCode([order[higher]!, order[lower]!])).toBe(order[higher]);
        expect(worstExitCode([order[lower]!, order[higher]!])).toBe(order[higher]);
      }
    }
  });
  it("ranks an I/O failure above a found bug but below raftctl's own failure", () => {
    expect(worstExitCode([1, 74, 0])).toBe(ExitCode.ioFailure);
    expect(worstExitCode([74, 70])).toBe(ExitCode.internal);
  });
  it("ranks a code outside the table as raftctl's own failure", () => {
    expect(worstExitCode([1, 3])).toBe(3);
    expect(worstExitCode([3, 64])).toBe(ExitCode.usage);
  });

  it("is the table of run verdicts: each code one verdict's, ranked as the verdicts are", () => {
    expect(runVerdictExitCodes).toEqual({
      pass: ExitCode.passed,
      fail: ExitCode.failed,
      unknown: ExitCode.unknown,
      "bad-input": ExitCode.usage,
      error: ExitCode.internal,
      "io-failure": ExitCode.ioFailure,
      interrupted: ExitCode.interrupted,
    });
    const codes = runVerdictOrder.map((verdict) => runVerdictExitCodes[verdict]);
    expect(codes).toEqual([0, 2, 1, 74, 70, 64, 130]);
    expect(worstExitCode(codes)).toBe(ExitCode.interrupted);
  });
});
