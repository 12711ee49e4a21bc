import { describe, expect, it } from "vitest";
import { seededRandom } from "../cluster/rng.js";
import { NemesisError } from "./errors.js";
import { resolveNemesisSchedule } from "./resolve-schedule.js";
import type { NemesisItem } from "./types.js";

const nodes = ["n1", "n2", "n3", "n4", "n5"];

const scenarioItems: NemesisItem[] = [
  {
    schedule: "once",
    atMs: 5000,
    forMs: 5000,
    fault: { kind: "partition", shape: "isolate-leader" },
  },
  {
    schedule: "periodic",
    everyMs: 8000,
    fromMs: 2000,
    untilMs: 25_000,
    fault: { kind: "crash", target: "random-minority", loseUnsynced: true, restartAfterMs: 2000 },
  },
  {
    schedule: "random",
    faults: ["partition", "crash", "pause", "network"],
    everyMs: [2000, 6000],
    forMs: [1000, 4000],
    fromMs: 0,
    untilMs: 25_000,
  },
  {
    schedule: "once",
    atMs: 20_000,
    forMs: 5000,
    fault: {
      kind: "network",
      drop: 0.1,
      duplicate: 0.05,
      reorder: 0.1,
      delayMs: [1, 50],
      links: [
        { from: "n1", to: "n2" },
        { from: "n2", to: "n1" },
      ],
    },
  },
];

function resolve(seed: number, items = scenarioItems, durationMs = 30_000) {
  return resolveNemesisSchedule(items, { random: seededRandom(seed), durationMs, nodes });
}

describe("resolveNemesisSchedule", () => {
  it("resolves the same items and seed to the same schedule, and another seed to another", () => {
    expect(JSON.stringify(resolve(7))).toBe(JSON.stringify(resolve(7)));
    expect(JSON.stringify(resolve(8))).not.toBe(JSON.stringify(resolve(7)));
  });

  it("places a one-shot at its time for its duration", () => {
    const [action] = resolve(1, [scenarioItems[0]!]).actions;
    expect(action).toEqual({
      id: 0,
      item: 0,
      atMs: 5000,
      durationMs: 5000,
      fault: { kind: "partition", shape: "isolate-leader" },
    });
  });

  it("fires a periodic item from `from` every period before `until`, each lasting until its restart", () => {
    const actions = resolve(1, [scenarioItems[1]!]).actions;
    expect(actions.map((action) => [action.atMs, action.durationMs])).toEqual([
      [2000, 2000],
      [10_000, 2000],
      [18_000, 2000],
    ]);
  });

  it("starts a periodic item one period in when it has no `from`", () => {
    const item: NemesisItem = {
      schedule: "periodic",
      everyMs: 10_000,
      forMs: 1000,
      fault: { kind: "pause", target: "leader" },
    };
    expect(resolve(1, [item]).actions.map((action) => action.atMs)).toEqual([10_000, 20_000]);
  });

  it("draws random faults with gaps and durations inside their ranges, from the listed kinds only", () => {
    for (let seed = 1; seed <= 10; seed += 1) {
      const actions = resolve(seed, [scenarioItems[2]!]).actions;
      expect(actions.length).toBeGreaterThanOrEqual(4);
      let previousMs = 0;
      for (const action of actions) {
        expect(action.atMs - previousMs).toBeGreaterThanOrEqual(2000);
        expect(action.atMs - previousMs).toBeLessThanOrEqual(6000);
        expect(action.atMs).toBeLessThan(25_000);
        expect(["partition", "crash", "pause", "network"]).toContain(action.fault.kind);
        expect(action.durationMs).toBeGreaterThanOrEqual(1000);
        expect(action.durationMs).toBeLessThanOrEqual(Math.min(4000, 30_000 - action.atMs));
        previousMs = action.atMs;
      }
    }
  });

  it("sorts actions by time and numbers them in that order", () => {
    const { actions } = resolve(3);
    expect(actions.map((action) => action.id)).toEqual(actions.map((_, position) => position));
    for (let position = 1; position < actions.length; position += 1) {
      expect(actions[position]!.atMs).toBeGreaterThanOrEqual(actions[position - 1]!.atMs);
    }
  });

  it("clips windows to the run's end and drops actions that would start after it", () => {
    const items: NemesisItem[] = [
      { schedule: "once", atMs: 8000, forMs: 5000, fault: { kind: "pause", target: "random" } },
      { schedule: "once", atMs: 9000, fault: { kind: "crash", target: "random" } },
      { schedule: "once", atMs: 12_000, forMs: 1000, fault: { kind: "pause", target: "random" } },
    ];
    expect(
      resolve(1, items, 10_000).actions.map((action) => [action.atMs, action.durationMs]),
    ).toEqual([
      [8000, 2000],
      [9000, 1000],
    ]);
  });

  it("fixes layouts that need only the rng up front and leaves leader-shaped ones to fire time", () => {
    const items: NemesisItem[] = [
      {
        schedule: "once",
        atMs: 1000,
        forMs: 1000,
        fault: { kind: "partition", shape: "random-halves" },
      },
      {
        schedule: "once",
        atMs: 2000,
        forMs: 1000,
        fault: { kind: "partition", shape: "isolate-node", target: "n4" },
      },
      {
        schedule: "once",
        atMs: 3000,
        forMs: 1000,
        fault: { kind: "partition", shape: "one-way", target: "leader" },
      },
    ];
    const [halves, isolated, oneWay] = resolve(1, items).actions;
    expect(halves!.fault).toMatchObject({
      spec: { groups: [expect.any(Array), expect.any(Array)] },
    });
    expect(isolated!.fault).toMatchObject({ spec: { groups: [["n4"], ["n1", "n2", "n3", "n5"]] } });
    expect(oneWay!.fault).not.toHaveProperty("spec");
  });

  it("refuses an unknown node target, an empty fault list, a bad probability and a runaway period", () => {
    const bad: NemesisItem[] = [
      { schedule: "once", atMs: 0, fault: { kind: "crash", target: "n9" } },
      { schedule: "random", faults: [], everyMs: [1000, 2000], forMs: [0, 1] },
      { schedule: "once", atMs: 0, fault: { kind: "network", drop: 1.5 } },
      { schedule: "periodic", everyMs: 1, fault: { kind: "pause", target: "random" } },
      { schedule: "random", faults: ["crash"], everyMs: [3000, 2000], forMs: [0, 1] },
    ];
    const messages = bad.map((item) => {
      try {
        resolve(1, [item], 60_000);
        return "resolved";
      } catch (error) {
        expect(error).toBeInstanceOf(NemesisError);
        return (error as Error).message;
      }
    });
    expect(messages[0]).toMatch(/nemesis\[0\]\.target names 'n9'/);
    expect(messages[1]).toMatch(/faults is empty/);
    expect(messages[2]).toMatch(/drop is 1.5/);
    expect(messages[3]).toMatch(/more than 10000 actions/);
    expect(messages[4]).toMatch(/every\[1\] is 2000 ms: expected at least 3000/);
  });
});
