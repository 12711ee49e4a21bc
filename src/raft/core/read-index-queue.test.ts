import { describe, expect, it } from "vitest";
import { ReadIndexQueue } from "./read-index-queue.js";

describe("ReadIndexQueue", () => {
  it("finds a pending read by the exact round string only", () => {
    const queue = new ReadIndexQueue();
    for (let read = 1; read <= 12; read++) queue.add(`c${read}`, read * 10, "n1");
    expect(queue.get("7")?.context).toBe("c7");
    expect(queue.get("12")?.index).toBe(120);
    for (const round of ["07", "7.0", "7.5", " 7", "", "0", "13", "-1", "abc", "1e1"]) {
      expect(queue.get(round), round).toBeUndefined();
    }
  });

  it("forgets released rounds and keeps counting rounds up after a clear", () => {
    const queue = new ReadIndexQueue();
    for (let read = 1; read <= 5; read++) queue.add(`c${read}`, read, "n1");
    const third = queue.get("3");
    if (third === undefined) throw new Error("round 3 should be pending");
    expect(queue.releaseThrough(third).map((read) => read.context)).toEqual(["c1", "c2", "c3"]);
    expect(queue.get("2")).toBeUndefined();
    expect(queue.get("4")?.context).toBe("c4");
    expect(queue.has("c3")).toBe(false);
    expect(queue.has("c5")).toBe(true);
    queue.clear();
    expect(queue.get("5")).toBeUndefined();
    queue.add("again", 9, "n1");
    expect(queue.get("6")?.context).toBe("again");
    expect(queue.lastPendingRound()).toBe("6");
  });

  it("knows whether the round a heartbeat carried is still unanswered", () => {
    const queue = new ReadIndexQueue();
    expect(queue.hasRoundInFlight()).toBe(false);
    queue.add("a", 1, "n1");
    queue.noteSent(queue.lastPendingRound());
    expect(queue.hasRoundInFlight()).toBe(true);
    const read = queue.get("1");
    if (read === undefined) throw new Error("round 1 should be pending");
    queue.releaseThrough(read);
    expect(queue.hasRoundInFlight()).toBe(false);
  });
});
