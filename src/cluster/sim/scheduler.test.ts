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
    const event = scheduler.cancellable(1, () => order.push(1));
    scheduler.at(2, () => order.push(2));
    event.cancelled = true;
    expect(scheduler.nextTimeNs()).toBe(2);
    scheduler.runInstant();
    expect(order).toEqual([2]);
  });
  it("runs a cancellable event that was not cancelled, in its place among the others", () => {
    const scheduler = new Scheduler();
    const order: string[] = [];
    scheduler.at(5, () => order.push("a"));
    scheduler.cancellable(5, () => order.push("b"));
    scheduler.at(5, () => order.push("c"));
    expect(scheduler.runInstant()).toBe(3);
    expect(order).toEqual(["a", "b", "c"]);
  });
  it("orders many events by time, then by the order they were scheduled in", () => {
    const scheduler = new Scheduler();
    const expected: Array<[number, number]> = [];
    const seen: Array<[number, number]> = [];
    let state = 7;
    for (let count = 0; count < 5000; count++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const timeNs = state % 97;
      expected.push([timeNs, count]);
      scheduler.at(timeNs, () => seen.push([timeNs, count]));
    }
    while (scheduler.runInstant() > 0) {}
    expected.sort((left, right) => left[0] - right[0] || left[1] - right[1]);
    expect(seen).toEqual(expected);
    expect(scheduler.pendingEvents).toBe(0);
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
  it("keeps every action with its own event while slots are reused: scheduling from running events, cancelling", () => {
    const scheduler = new Scheduler();
    const rng = Rng.fromSeed(11);
    // A reference: every event ever scheduled, and which ran.
    const scheduled: { timeNs: number; sequence: number; id: number; cancelled: boolean }[] = [];
    const ran: number[] = [];
    const handles = new Map<number, { cancelled: boolean }>();
    let nextId = 0;
    const schedule = (): void => {
      const id = nextId++;
      const timeNs = scheduler.nowNs + rng.int(0, 50);
      const record = { timeNs, sequence: id, id, cancelled: false };
      scheduled.push(record);
      const action = () => {
        ran.push(id);
        if (nextId < 3000) for (let count = rng.int(1, 3); count > 0; count--) schedule();
        // Call off a random pending event now and then.
        if (rng.chance(0.2)) {
          const pending = scheduled.filter((event) => !event.cancelled && !ran.includes(event.id));
          const victim = pending[rng.int(0, Math.max(1, pending.length))];
          if (victim !== undefined) {
            victim.cancelled = true;
            (handles.get(victim.id) as { cancelled: boolean }).cancelled = true;
          }
        }
      };
      handles.set(id, scheduler.cancellable(timeNs - scheduler.nowNs, action));
    };
    for (let count = 0; count < 20; count++) schedule();
    while (scheduler.runInstant() > 0);
    const expected = scheduled
      .filter((event) => !event.cancelled)
      .sort((a, b) => a.timeNs - b.timeNs || a.sequence - b.sequence)
      .map((event) => event.id);
    expect(ran).toEqual(expected);
    expect(nextId).toBeGreaterThan(1000);
    expect(scheduler.pendingEvents).toBe(0);
  });
});
