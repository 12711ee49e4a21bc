import { describe, expect, it } from "vitest";
import { ReadOnly } from "./read-only.js";

describe("ReadOnly", () => {
  it("finds a pending read by the exact round string only", () => {
    const reads = new ReadOnly();
    for (let read = 1; read <= 12; read++) reads.add(`c${read}`, read * 10, "n1");
    expect(reads.get("7")?.context).toBe("c7");
    expect(reads.get("12")?.index).toBe(120);
    for (const round of ["07", "7.0", "7.5", " 7", "", "0", "13", "-1", "abc", "1e1"]) {
      expect(reads.get(round), round).toBeUndefined();
    }
  });

  it("forgets released rounds and keeps counting rounds up after a clear", () => {
    const reads = new ReadOnly();
    for (let read = 1; read <= 5; read++) reads.add(`c${read}`, read, "n1");
    const third = reads.get("3");
    if (third === undefined) throw new Error("round 3 should be pending");
    expect(reads.releaseThrough(third).map((read) => read.context)).toEqual(["c1", "c2", "c3"]);
    expect(reads.get("2")).toBeUndefined();
    expect(reads.get("4")?.context).toBe("c4");
    expect(reads.has("c3")).toBe(false);
    expect(reads.has("c5")).toBe(true);
    reads.clear();
    expect(reads.get("5")).toBeUndefined();
    expect(reads.size).toBe(0);
    reads.add("again", 9, "n1");
    expect(reads.get("6")?.context).toBe("again");
    expect(reads.lastPendingRound()).toBe("6");
  });

  it("counts deferred reads until they are taken", () => {
    const reads = new ReadOnly();
    reads.defer("early");
    expect([reads.has("early"), reads.size]).toEqual([true, 1]);
    expect(reads.takeDeferred()).toEqual(["early"]);
    expect([reads.has("early"), reads.size]).toEqual([false, 0]);
  });
});
