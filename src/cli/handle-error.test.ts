import { describe, expect, it } from "vitest";
import { describeError, UsageError } from "./handle-error.js";

describe("describeError", () => {
  it("prints a user error as one plain line with exit code 64", () => {
    const report = describeError(new UsageError("no such file: x.yaml"), { debug: false });
    expect(report).toEqual({ exitCode: 64, text: "raftctl: no such file: x.yaml" });
  });
  it("prints the stack of a user error only with --debug", () => {
    const report = describeError(new UsageError("bad"), { debug: true });
    expect(report.text).toContain("at ");
  });
  it("treats any other error as raftctl's own failure, exit 70, without a stack", () => {
    const report = describeError(new TypeError("boom"), { debug: false });
    expect(report.exitCode).toBe(70);
    expect(report.text).toContain("internal error: boom");
    expect(report.text).not.toContain("    at ");
  });
});
