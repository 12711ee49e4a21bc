import { describe, expect, it } from "vitest";
import type { QuietFigures } from "../../report/index.js";
import { checkAvailability } from "./availability-check.js";
import { checkElections } from "./elections-check.js";

function quiet(overrides: Partial<QuietFigures> = {}): QuietFigures {
  return {
    settleMs: 400,
    durationMs: 12_000,
    windows: 2,
    operations: { ok: 1700, total: 1800, share: 0.9444 },
    elections: 0,
    electionsPerMinute: 0,
    ...overrides,
  };
}

const floor = { minOk: 0.8, minOperations: 100 };
const minDurationMs = 3000;

describe("the availability check", () => {
  it("passes at or above the floor of ok operations in quiet time", () => {
    const report = checkAvailability({ quiet: quiet(), floor, minDurationMs });
    expect(report.verdict).toBe("pass");
    expect(report.reason).toContain("94.4% ok in 12s of quiet time (1700/1800)");
  });

  it("fails below the floor", () => {
    const low = quiet({ operations: { ok: 520, total: 1800, share: 0.2889 } });
    const report = checkAvailability({ quiet: low, floor, minDurationMs });
    expect(report.verdict).toBe("fail");
    expect(report.reason).toContain("below the floor of 80.0%");
  });

  it("is unknown, never a pass, with too little quiet time or too few operations in it", () => {
    const none = quiet({ durationMs: 0, operations: { ok: 0, total: 0, share: null } });
    const noTime = checkAvailability({ quiet: none, floor, minDurationMs });
    expect(noTime.verdict).toBe("unknown");
    expect(noTime.reason).toMatch(/^too little observed: 0ms of quiet time/);
    const few = quiet({ operations: { ok: 40, total: 40, share: 1 } });
    const fewOperations = checkAvailability({ quiet: few, floor, minDurationMs });
    expect(fewOperations.verdict).toBe("unknown");
    expect(fewOperations.reason).toContain("at least 100 operations needed");
  });

  it("is skipped when the scenario switches it off", () => {
    expect(checkAvailability({ quiet: quiet(), floor: false, minDurationMs }).verdict).toBe(
      "skipped",
    );
  });
});

describe("the elections check", () => {
  it("passes with no leader elected in quiet time", () => {
    const report = checkElections({ quiet: quiet(), maxPerMinute: 12, minDurationMs });
    expect(report.verdict).toBe("pass");
  });

  it("always allows one election, however short the quiet time", () => {
    const one = quiet({ durationMs: 3000, elections: 1, electionsPerMinute: 20 });
    expect(checkElections({ quiet: one, maxPerMinute: 12, minDurationMs }).verdict).toBe("pass");
  });

  it("fails when leaders are elected faster than the bound", () => {
    const churn = quiet({ elections: 96, electionsPerMinute: 480 });
    const report = checkElections({ quiet: churn, maxPerMinute: 60, minDurationMs });
    expect(report.verdict).toBe("fail");
    expect(report.reason).toBe(
      "96 leaders elected in 12s of quiet time (480/min): above the bound of 60/min (12 allowed)",
    );
  });

  it("is unknown with too little quiet time to measure a rate", () => {
    const short = quiet({ durationMs: 1200, elections: 3, electionsPerMinute: 150 });
    const report = checkElections({ quiet: short, maxPerMinute: 60, minDurationMs });
    expect(report.verdict).toBe("unknown");
    expect(report.reason).toContain("too little observed");
  });
});
