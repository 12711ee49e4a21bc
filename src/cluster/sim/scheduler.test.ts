import { describe, expect, it } from "vitest";
import { Rng } from "../../raft/random/rng.js";
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
  it("runs events spread over seconds — within the wheel, beyond its reach, at the same instant — in (time, order) order", () => {
    const scheduler = new Scheduler();
    const rng = Rng.fromSeed(23);
    const scheduled: { timeNs: number; id: number; cancelled: boolean }[] = [];
    const ran: number[] = [];
    const handles: { cancelled: boolean }[] = [];
    const delayNs = (): number => {
      const kind = rng.int(0, 10);
      if (kind === 0) return 0; // this very instant
      if (kind === 1) return rng.int(0, 1000); // within the same bucket
      if (kind <= 6) return rng.int(1, 6) * 1_000_000 + rng.int(0, 1000); // a few ms ahead
      if (kind <= 8) return rng.int(0, 2_500) * 1_000_000; // up to 2.5 s: the wheel's edge
      return rng.int(2_000, 30_000) * 1_000_000; // far beyond it
    };
    const schedule = (): void => {
      const id = scheduled.length;
      const timeNs = scheduler.nowNs + delayNs();
      const record = { timeNs, id, cancelled: false };
      scheduled.push(record);
      handles.push(
        scheduler.cancellable(timeNs - scheduler.nowNs, () => {
          ran.push(id);
          if (scheduled.length < 20_000)
            for (let count = rng.int(1, 3); count > 0; count--) schedule();
          if (rng.chance(0.1)) {
            const victim = rng.int(0, scheduled.length);
            if (!ran.includes(victim)) {
              (scheduled[victim] as { cancelled: boolean }).cancelled = true;
              (handles[victim] as { cancelled: boolean }).cancelled = true;
            }
          }
        }),
      );
    };
    for (let count = 0; count < 50; count++) schedule();
    let lastNs = 0;
    while (scheduler.runInstant() > 0) {
      expect(scheduler.nowNs).toBeGreaterThanOrEqual(lastNs);
      lastNs = scheduler.nowNs;
    }
    const expected = scheduled
      .filter((event) => !event.cancelled)
      .sort((a, b) => a.timeNs - b.timeNs || a.id - b.id)
      .map((event) => event.id);
    expect(ran).toEqual(expected);
    expect(scheduled.length).toBeGreaterThanOrEqual(20_000);
    expect(scheduler.pendingEvents).toBe(0);
  });

  it("jumps an idle wheel straight to a far event, and takes events scheduled from outside meanwhile", () => {
    const scheduler = new Scheduler();
    const order: string[] = [];
    scheduler.at(3_600_000_000_000, () => order.push("an hour"));
    scheduler.at(5_000_000, () => order.push("5 ms"));
    expect(scheduler.nextTimeNs()).toBe(5_000_000);
    // Scheduled after the wheel looked ahead, for before what it found.
    scheduler.at(1_000, () => order.push("1 us"));
    expect(scheduler.nextTimeNs()).toBe(1_000);
    while (scheduler.runInstant() > 0);
    expect(order).toEqual(["1 us", "5 ms", "an hour"]);
    expect(scheduler.nowNs).toBe(3_600_000_000_000);
  });
});
