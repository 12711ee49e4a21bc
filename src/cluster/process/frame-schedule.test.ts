import { describe, expect, it } from "vitest";
import { FrameSchedule } from "./frame-schedule.js";
import { decideFrameFate, noFaults } from "./proxy-faults.js";
import { createSeededRandom, deriveSeed } from "./seeded-random.js";

const text = (payloads: Uint8Array[]) => payloads.map((payload) => Buffer.from(payload).toString());

describe("FrameSchedule", () => {
  it("never lets a delayed frame overtake an earlier one unless it is reordered", () => {
    const schedule = new FrameSchedule(10);
    const add = (name: string, nowMs: number, delayMs: number, reordered = false) =>
      schedule.add({ payload: Buffer.from(name), nowMs, delayMs, reordered, holdMs: 100 });
    add("slow", 0, 50);
    add("fast", 1, 0); // FIFO: waits behind "slow"
    add("held", 2, 0, true); // due at 102
    add("last", 3, 0);
    expect(text(schedule.takeDue(49))).toEqual([]);
    expect(text(schedule.takeDue(50))).toEqual(["slow", "fast", "last"]);
    expect(schedule.nextDueMs()).toBe(102);
    expect(text(schedule.takeDue(102))).toEqual(["held"]);
  });

  it("refuses frames beyond its bound and counts them", () => {
    const schedule = new FrameSchedule(2);
    const add = () =>
      schedule.add({
        payload: Buffer.from("x"),
        nowMs: 0,
        delayMs: 5,
        reordered: false,
        holdMs: 0,
      });
    expect([add(), add(), add()]).toEqual([true, true, false]);
    expect(schedule.overflowed).toBe(1);
  });
});

describe("deriveSeed", () => {
  it("gives different streams to adjacent seeds and to different links", () => {
    const seeds = [0, 1, 2, 3, 2 ** 32, 2 ** 32 + 1].map((seed) => deriveSeed(seed, "link n1->n2"));
    seeds.push(deriveSeed(1, "link n2->n1"));
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});

describe("decideFrameFate", () => {
  it("drops everything on a cut link and nothing without faults", () => {
    const random = createSeededRandom(1);
    for (let index = 0; index < 100; index++) {
      expect(decideFrameFate({ ...noFaults, cut: true }, random)).toEqual([]);
      expect(decideFrameFate(noFaults, random)).toEqual([{ delayMs: 0, reordered: false }]);
    }
  });

  it("draws the same fates from the same seed", () => {
    const faults = {
      ...noFaults,
      drop: 0.2,
      duplicate: 0.2,
      reorder: 0.2,
      delayMs: [1, 9] as [number, number],
    };
    const fates = (seed: number) => {
      const random = createSeededRandom(deriveSeed(seed, "link n1->n2"));
      return Array.from({ length: 50 }, () => decideFrameFate(faults, random));
    };
    expect(fates(5)).toEqual(fates(5));
    expect(fates(5)).not.toEqual(fates(6));
    const all = fates(5);
    expect(all.some((fate) => fate.length === 0)).toBe(true);
    expect(all.some((fate) => fate.length === 2)).toBe(true);
  });
});
