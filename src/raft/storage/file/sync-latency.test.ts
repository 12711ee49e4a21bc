import { describe, expect, it } from "vitest";
import { syncLatencyMsMax, uniformSyncLatency } from "./sync-latency.js";

/** A deterministic stand-in for a uniform generator: the values given, in turn. */
const sequence = (values: number[]) => {
  let position = 0;
  return () => values[position++ % values.length]!;
};

describe("uniformSyncLatency", () => {
  it("draws each sync's latency from [min, max] with the generator given", () => {
    const latency = uniformSyncLatency({ latencyMs: [1, 41], random: sequence([0, 0.5, 0.999]) });
    expect(latency).not.toBeNull();
    expect([latency!(), latency!(), latency!()]).toEqual([1, 21, 1 + 0.999 * 40]);
  });

  it("adds nothing for [0, 0]: the real disk's own latency", () => {
    expect(uniformSyncLatency({ latencyMs: [0, 0], random: Math.random })).toBeNull();
  });

  it("refuses a range that is reversed, negative or beyond what a node models", () => {
    const random = () => 0.5;
    expect(() => uniformSyncLatency({ latencyMs: [40, 1], random })).toThrow(/min <= max/);
    expect(() => uniformSyncLatency({ latencyMs: [-1, 1], random })).toThrow(/0 <= min/);
    expect(() => uniformSyncLatency({ latencyMs: [0, syncLatencyMsMax + 1], random })).toThrow(
      `max <= ${syncLatencyMsMax} ms`,
    );
    expect(() => uniformSyncLatency({ latencyMs: [0, Number.NaN], random })).toThrow(/finite/);
  });
});
