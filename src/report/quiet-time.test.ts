import { describe, expect, it } from "vitest";
import type { NodeEvent } from "../history/events.js";
import type { HistoryRecord } from "../history/types.js";
import { computeRunFigures } from "./figures.js";
import type { FaultWindow } from "./operations.js";
import { nodeDownWindows, quietWindows } from "./quiet-time.js";

const ms = 1_000_000;

function fault(startMs: number, endMs: number): FaultWindow {
  return { startNs: startMs * ms, endNs: endMs * ms, label: "partition", kind: "partition" };
}

/** One operation a process runs: invoked at `atMs`, answered `outcome` after `tookMs`. */
function operation(
  process: number,
  atMs: number,
  outcome: "ok" | "fail" | "info",
  tookMs = 10,
): HistoryRecord[] {
  const base = { process, f: "read" as const, key: "k1", value: null };
  return [
    { ...base, index: 0, type: "invoke", timeNs: atMs * ms },
    { ...base, index: 0, type: outcome, timeNs: (atMs + tookMs) * ms },
  ] as HistoryRecord[];
}

function leader(node: string, term: number, atMs: number): NodeEvent {
  return { timeNs: atMs * ms, node, type: "role", role: "leader", term };
}

describe("quiet time", () => {
  it("starts a settling time after the workload starts and after each fault ends, and stops at the next fault", () => {
    const windows = quietWindows({
      faultWindows: [fault(2000, 3000), fault(2500, 4000), fault(9000, 9500)],
      settleNs: 500 * ms,
      startNs: 100 * ms,
      endNs: 10_000 * ms,
    });
    expect(windows).toEqual([
      [600 * ms, 2000 * ms],
      [4500 * ms, 9000 * ms],
    ]);
  });

  it("is empty when faults cover the whole run", () => {
    const windows = quietWindows({
      faultWindows: [fault(0, 10_000)],
      settleNs: 500 * ms,
      startNs: 0,
      endNs: 10_000 * ms,
    });
    expect(windows).toEqual([]);
  });

  it("leaves out the time a node was really down or paused, past what the nemesis asked for", () => {
    const events: NodeEvent[] = [
      { timeNs: 1000 * ms, node: "n1", type: "crash", loseUnsynced: false, tornWrite: false },
      { timeNs: 2600 * ms, node: "n1", type: "restart", wiped: false },
      { timeNs: 3000 * ms, node: "n2", type: "pause" },
    ];
    expect(
      nodeDownWindows(events, 5000 * ms).map((window) => [window.startNs, window.endNs]),
    ).toEqual([
      [1000 * ms, 2600 * ms],
      [3000 * ms, 5000 * ms],
    ]);
  });

  it("counts the operations that ran wholly inside it, and the leaders elected in it", () => {
    const nemesis = {
      index: 0,
      type: "info",
      process: "nemesis",
      f: "partition",
      value: null,
      timeNs: 1000 * ms,
      endNs: 2000 * ms,
    } as HistoryRecord;
    const records = [
      ...operation(1, 0, "ok"),
      ...operation(1, 400, "ok"),
      ...operation(2, 900, "info", 300),
      ...operation(1, 1500, "fail"),
      ...operation(1, 2100, "fail"),
      ...operation(1, 2600, "ok"),
      ...operation(1, 2700, "fail"),
      ...operation(1, 3000, "ok"),
      nemesis,
    ];
    const events = [leader("n1", 1, 100), leader("n2", 2, 2100), leader("n3", 3, 2800)];
    const figures = computeRunFigures({ records, events, settleMs: 300 });
    // Quiet: [300ms, 1000ms) and [2300ms, 3010ms). The op at 900ms ends inside the fault.
    expect(figures.quiet).toEqual({
      settleMs: 300,
      durationMs: 1410,
      windows: 2,
      operations: { ok: 3, total: 4, share: 0.75 },
      elections: 1,
      electionsPerMinute: 42.55,
    });
  });

  it("has no quiet figures when the settling time is not given", () => {
    expect(computeRunFigures({ records: [], events: [] }).quiet).toBeNull();
  });
});
