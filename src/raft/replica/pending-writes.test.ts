import { describe, expect, it } from "vitest";
import type { Entry } from "../core/types.js";
import type { ClientOutcome } from "../kv/requests.js";
import type { KvApplyResult } from "../kv/state-machine.js";
import { PendingWrites } from "./pending-writes.js";

function entry(index: number, term: number): Entry {
  return { index, term, data: new Uint8Array([1]) };
}

function applied(index: number, clientId: string, sequence: number): KvApplyResult {
  return { index, clientId, sequence, status: "applied", outcome: { type: "ok", value: null } };
}

/** Pending writes whose answers are recorded by name. */
function tracked() {
  const writes = new PendingWrites("n1");
  const answers: Record<string, ClientOutcome> = {};
  const add = (name: string, index: number, term: number, clientId: string, sequence: number) =>
    writes.add({ index, term, clientId, sequence, answer: (outcome) => (answers[name] = outcome) });
  return { writes, answers, add };
}

describe("PendingWrites", () => {
  it("answers a write when its session's command applies, and only that one", () => {
    const { writes, answers, add } = tracked();
    add("a", 5, 2, "c1", 1);
    add("b", 6, 2, "c2", 1);
    add("c", 7, 2, "c1", 2);
    writes.settle(entry(5, 2), applied(5, "c1", 1));
    expect(answers).toEqual({ a: { type: "ok", value: null } });
    expect(writes.size).toBe(2);
    writes.settle(entry(6, 2), applied(6, "c2", 1));
    writes.settle(entry(7, 2), applied(7, "c1", 2));
    expect(Object.keys(answers).sort()).toEqual(["a", "b", "c"]);
    expect(writes.size).toBe(0);
  });

  it("answers every pending copy of a session at once, wherever it applied", () => {
    const { writes, answers, add } = tracked();
    add("first", 5, 2, "c1", 1);
    add("retry", 9, 3, "c1", 1);
    writes.settle(entry(5, 2), applied(5, "c1", 1));
    expect(answers).toEqual({
      first: { type: "ok", value: null },
      retry: { type: "ok", value: null },
    });
    expect(writes.size).toBe(0);
    // The retry's index later applies something else: nothing is left to answer.
    writes.settle(entry(9, 3), applied(9, "c9", 4));
    expect(Object.keys(answers)).toEqual(["first", "retry"]);
  });

  it("ends a write unknown when another command applies at its index, keeping the client's others", () => {
    const { writes, answers, add } = tracked();
    add("lost", 5, 2, "c1", 1);
    add("later", 6, 2, "c1", 2);
    writes.settle(entry(5, 3), applied(5, "c7", 1));
    expect(answers.lost).toMatchObject({
      type: "unknown",
      reason: expect.stringContaining("overwritten: index 5"),
    });
    expect(answers.later).toBeUndefined();
    expect(writes.size).toBe(1);
    writes.settle(entry(6, 3), applied(6, "c1", 2));
    expect(answers.later).toEqual({ type: "ok", value: null });
    expect(writes.size).toBe(0);
  });

  it("does not answer a client's write for another of its sequences", () => {
    const { writes, answers, add } = tracked();
    add("second", 8, 2, "c1", 2);
    writes.settle(entry(4, 2), applied(4, "c1", 1));
    expect(answers).toEqual({});
    add("third", 9, 2, "c1", 3);
    writes.settle(entry(5, 2), applied(5, "c1", 1));
    expect(answers).toEqual({});
    expect(writes.size).toBe(2);
  });

  it("refuses to settle a different command at an index holding this node's own entry of that term", () => {
    const { writes, add } = tracked();
    add("mine", 5, 2, "c1", 1);
    expect(() => writes.settle(entry(5, 2), applied(5, "c2", 1))).toThrow("log matching broken");
  });
});
