import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";
import { Scheduler } from "./scheduler.js";

describe("Scheduler", () => {
  it("runs events in time order, and same-instant events in the order scheduled", () => {
    const scheduler = new Scheduler();
    const order: string[] = [];
    scheduler.at(20, () => order.push("c"));
    scheduler.at(10, () => order.push("a"));
    scheduler.at(10, () => order.push("b"));
    while (scheduler.runInstant() > 0) order.push(`@${scheduler.nowNs}`);
    expect(order).toEqual(["a", "b", "@10", "c", "@20"]);
  });
  it("runs events scheduled for the current instant within that instant", () => {
    const scheduler = new Scheduler();
    const order: string[] = [];
    scheduler.at(5, () => {
      order.push("first");
      scheduler.after(0, () => order.push("same instant"));
      scheduler.after(1, () => order.push("later"));
    });
    expect(scheduler.runInstant()).toBe(2);
    expect(order).toEqual(["first", "same instant"]);
    scheduler.runInstant();
    expect(scheduler.nowNs).toBe(6);
  });
  it("skips cancelled events", () => {
    const scheduler = new Scheduler();
    const order: number[] = [];
    const event = scheduler.at(1, () => order.push(1));
    scheduler.at(2, () => order.push(2));
    event.cancelled = true;
    expect(scheduler.nextTimeNs()).toBe(2);
    scheduler.runInstant();
    expect(order).toEqual([2]);
  });
  it("refuses to schedule in the past", () => {
    const scheduler = new Scheduler();
    scheduler.at(10, () => {});
    scheduler.runInstant();
    expect(() => scheduler.at(9, () => {})).toThrow(/cannot schedule at 9ns: now is 10ns/);
  });
  it("refuses more pending events than its bound", () => {
    const scheduler = new Scheduler(2);
    scheduler.at(1, () => {});
    scheduler.at(1, () => {});
    expect(() => scheduler.at(1, () => {})).toThrow(/more than 2 pending events/);
  });
  it("orders thousands of random events exactly as a sort by (time, sequence) would", () => {
    const scheduler = new Scheduler();
    const rng = Rng.fromSeed(5);
    const expected: { timeNs: number; id: number }[] = [];
    const seen: number[] = [];
    for (let id = 0; id < 5000; id++) {
      const timeNs = rng.int(0, 500);
      expected.push({ timeNs, id });
      scheduler.at(timeNs, () => seen.push(id));
    }
    while (scheduler.runInstant() > 0);
    expected.sort((a, b) => a.timeNs - b.timeNs || a.id - b.id);
    expect(seen).toEqual(expected.map((event) => event.id));
  });
});
