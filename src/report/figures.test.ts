import { describe, expect, it } from "vitest";
import { computeRunFigures, nearestRank } from "./figures.js";
import {
  faultLabel,
  faultWindowsOf,
  insideAnyWindow,
  mergeWindows,
  pairOperations,
} from "./operations.js";
import { sampleEvents, sampleHistory } from "./testing/sample-runs.js";

describe("the summary figures of a run", () => {
  const figures = computeRunFigures({ records: sampleHistory(), events: sampleEvents() });

  it("count operations by outcome, an operation still open counting as info", () => {
    expect(figures.operations).toEqual({ total: 5, ok: 2, fail: 1, info: 2, open: 1 });
  });

  it("split availability by whether the operation was invoked inside a fault window", () => {
    expect(figures.availability.insideFaults).toEqual({ ok: 0, total: 2, share: 0 });
    expect(figures.availability.outsideFaults).toEqual({ ok: 2, total: 3, share: 0.6667 });
    expect(figures.availability.overall).toEqual({ ok: 2, total: 5, share: 0.4 });
  });

  it("take latency percentiles over ok operations only", () => {
    expect(figures.latencyMs).toEqual({ p50: 2, p99: 5, max: 5 });
  });

  it("measure throughput over the time the history covers", () => {
    expect(figures.historyDurationMs).toBe(80);
    expect(figures.throughputOkPerSecond).toBe(25);
  });

  it("count elections as distinct leader terms and take the highest term seen", () => {
    expect(figures.elections).toBe(2);
    expect(figures.maxTerm).toBe(2);
  });

  it("count events, node crashes, restarts, pauses and faults", () => {
    expect(figures).toMatchObject({
      events: 13,
      nodeCrashes: 1,
      nodeRestarts: 1,
      nodePauses: 1,
      faults: 1,
    });
  });

  it("are defined for an empty history: no latency, no shares, zero throughput", () => {
    const empty = computeRunFigures({ records: [], events: [] });
    expect(empty.latencyMs).toBeNull();
    expect(empty.availability.overall.share).toBeNull();
    expect(empty.throughputOkPerSecond).toBe(0);
    expect(empty.operations.total).toBe(0);
  });

  it("use the fault windows given instead of the nemesis records when the caller passes them", () => {
    const wholeRun = [{ startNs: 0, endNs: 100_000_000, label: "all", kind: "network" }];
    const withWindows = computeRunFigures({
      records: sampleHistory(),
      events: [],
      faultWindows: wholeRun,
    });
    expect(withWindows.availability.insideFaults.total).toBe(5);
    expect(withWindows.availability.outsideFaults.share).toBeNull();
  });
});

describe("operations and fault windows", () => {
  it("pair each completion with the invocation outstanding on its process", () => {
    const operations = pairOperations(sampleHistory());
    expect(operations.map((operation) => [operation.process, operation.outcome])).toEqual([
      [0, "ok"],
      [0, "fail"],
      [1, "info"],
      [2, "ok"],
      [0, "open"],
    ]);
    expect(operations[3]?.output).toBe("2");
    expect(operations[1]?.error).toBe("not-leader");
  });

  it("label a nemesis action with its fault and targets", () => {
    const [window] = faultWindowsOf(sampleHistory());
    expect(window?.label).toBe("partition isolate-leader n1 | n2,n3");
    expect(window).toMatchObject({ startNs: 10_000_000, endNs: 30_000_000, kind: "partition" });
  });

  it("merge overlapping windows and find a time inside them, ends excluded", () => {
    const merged = mergeWindows([
      { startNs: 10, endNs: 20, label: "a", kind: "a" },
      { startNs: 15, endNs: 30, label: "b", kind: "b" },
      { startNs: 50, endNs: 50, label: "instant", kind: "c" },
      { startNs: 40, endNs: 45, label: "d", kind: "d" },
    ]);
    expect(merged).toEqual([
      [10, 30],
      [40, 45],
    ]);
    expect([9, 10, 29, 30, 42, 45, 50].map((time) => insideAnyWindow(merged, time))).toEqual([
      false,
      true,
      true,
      false,
      true,
      false,
      false,
    ]);
  });

  it("take the nearest-rank percentile", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(nearestRank(values, 0.5)).toBe(50);
    expect(nearestRank(values, 0.99)).toBe(99);
    expect(nearestRank([7], 0.99)).toBe(7);
  });
});

describe("fault labels", () => {
  it("read as people write faults: shape and whom it hits bare, flags named, bookkeeping left out", () => {
    const label = (f: string, value: unknown) => faultLabel({ f, value });
    expect(
      label("partition", {
        action: 0,
        groups: [["n1"], ["n2", "n3"]],
        shape: "isolate-leader",
        targets: ["n1"],
      }),
    ).toBe("partition isolate-leader n1 | n2,n3");
    expect(
      label("crash", {
        action: 1,
        loseUnsynced: true,
        restartAfterMs: 2000,
        targets: ["n2"],
        tornWrite: false,
      }),
    ).toBe("crash n2 loseUnsynced restartAfterMs=2000");
    expect(label("pause", "n4")).toBe("pause n4");
    expect(label("heal", null)).toBe("heal");
  });
});
