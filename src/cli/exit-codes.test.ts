import { describe, expect, it } from "vitest";
import { ExitCode, worstExitCode } from "./exit-codes.js";

describe("worstExitCode", () => {
  it("is 0 when every run passed", () => {
    expect(worstExitCode([0, 0, 0])).toBe(ExitCode.passed);
  });
  it("prefers failed over unknown over passed", () => {
    expect(worstExitCode([0, 2, 0])).toBe(ExitCode.unknown);
    expect(worstExitCode([2, 1, 0])).toBe(ExitCode.failed);
    expect(worstExitCode([1, 2])).toBe(ExitCode.failed);
  });
  it("lets a usage or internal error win outright", () => {
    expect(worstExitCode([1, 64])).toBe(ExitCode.usage);
    expect(worstExitCode([0, 70, 1])).toBe(ExitCode.internal);
  });
});
