import { describe, expect, it } from "vitest";
import type { HistoryRecord } from "../../history/types.js";
import { sampleEvents, sampleHistory, sampleResult } from "../testing/sample-runs.js";
import { nodeTimelines } from "./node-timeline.js";
import { buildReportData, niceBucketMs, OPERATION_POINTS_MAX } from "./report-data.js";

describe("the node timeline", () => {
  const timelines = nodeTimelines(sampleEvents(), ["n1", "n2", "n3", "n10"]);

  it("has a lane per node, in natural order, including nodes without events", () => {
    expect(timelines.map((timeline) => timeline.node)).toEqual(["n1", "n2", "n3", "n10"]);
    expect(timelines[3]?.segments).toEqual([]);
  });

  it("follows role and term, and shows pauses over the role underneath", () => {
    expect(timelines[0]?.segments).toEqual([
      { startMs: 1, state: "candidate", term: 1 },
      { startMs: 2, state: "leader", term: 1 },
      { startMs: 35, state: "follower", term: 2 },
      { startMs: 62, state: "paused", term: 2 },
      { startMs: 66, state: "follower", term: 2 },
    ]);
  });

  it("shows a crashed node down until it restarts as a follower of its term", () => {
    expect(timelines[2]?.segments.slice(-2)).toEqual([
      { startMs: 45, state: "down", term: 2 },
      { startMs: 55, state: "follower", term: 2 },
    ]);
  });

  it("keeps only the last of several changes at one instant", () => {
    const [timeline] = nodeTimelines(
      [
        { timeNs: 0, node: "a", type: "role", role: "follower", term: 1 },
        { timeNs: 5, node: "a", type: "role", role: "candidate", term: 2 },
        { timeNs: 5, node: "a", type: "role", role: "leader", term: 2 },
      ],
      [],
    );
    expect(timeline?.segments.map((segment) => segment.state)).toEqual(["follower", "leader"]);
  });
});

describe("the page's data", () => {
  it("buckets ok, fail and info completions for the throughput chart", () => {
    const data = buildReportData({ result: sampleResult(), records: sampleHistory(), events: [] });
    expect(data.throughput.bucketMs).toBe(1);
    expect(data.throughput.ok.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(data.throughput.ok[5]).toBe(1);
    expect(data.throughput.fail[40]).toBe(1);
    expect(data.throughput.info[60]).toBe(1);
  });

  it("samples ok operations beyond the point limit but keeps every failed and indeterminate one", () => {
    const records: HistoryRecord[] = [];
    const count = OPERATION_POINTS_MAX + 10_000;
    for (let index = 0; index < count; index++) {
      const type = index % 1000 === 0 ? "fail" : "ok";
      records.push({
        index: 2 * index,
        type: "invoke",
        process: index,
        f: "read",
        key: "k",
        value: null,
        timeNs: index * 1000,
      });
      records.push({
        index: 2 * index + 1,
        type,
        process: index,
        f: "read",
        key: "k",
        value: null,
        timeNs: index * 1000 + 500,
      });
    }
    const data = buildReportData({ result: sampleResult(), records, events: [] });
    expect(data.operations.totalCount).toBe(count);
    expect(data.operations.invokeMs.length).toBeLessThanOrEqual(OPERATION_POINTS_MAX);
    expect(data.operations.outcome.filter((outcome) => outcome === 1)).toHaveLength(count / 1000);
  });

  it("chooses bucket widths of 1, 2 or 5 times a power of ten", () => {
    expect([0, 0.3, 1, 1.5, 3, 7, 420, 60_000 / 120].map(niceBucketMs)).toEqual([
      1, 1, 1, 2, 5, 10, 500, 500,
    ]);
  });
});
