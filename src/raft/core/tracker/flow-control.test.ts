import { describe, expect, it } from "vitest";
import { majority, quorumMatchIndex, voteOutcome } from "../quorum/majority.js";
import { Inflights } from "./inflights.js";
import { Progress } from "./progress.js";

describe("Inflights", () => {
  it("is full at its message bound or its byte bound, and frees acknowledged messages in order", () => {
    const window = new Inflights(3, 100);
    window.add(1, 10);
    window.add(2, 10);
    expect(window.isFull()).toBe(false);
    window.add(4, 10);
    expect(window.isFull()).toBe(true);
    window.freeThrough(2);
    expect([window.count, window.bytes]).toEqual([1, 10]);
    window.add(5, 90);
    expect(window.isFull()).toBe(true);
    window.freeThrough(5);
    expect([window.count, window.bytes]).toEqual([0, 0]);
  });

  it("refuses to grow past its bound", () => {
    const window = new Inflights(1, 100);
    window.add(1, 1);
    expect(() => window.add(2, 1)).toThrow(/full window/);
  });

  it("stays correct across many adds and frees (compaction of its head)", () => {
    const window = new Inflights(8, 10_000);
    for (let index = 1; index <= 1000; index++) {
      window.add(index, 1);
      if (index % 3 === 0) window.freeThrough(index - 2);
      expect(window.count).toBeLessThanOrEqual(8);
    }
    window.freeThrough(1000);
    expect(window.count).toBe(0);
  });
});

describe("Progress", () => {
  const create = () =>
    new Progress("2", { next: 5, maxInflightMessages: 2, maxInflightBytes: 1000 });

  it("in probe state pauses after one append until an answer arrives", () => {
    const progress = create();
    expect(progress.isPaused()).toBe(false);
    progress.sent(1, 5, 9);
    expect(progress.isPaused()).toBe(true);
    expect(progress.next).toBe(5);
    expect(progress.acknowledge(5)).toBe(true);
    expect(progress.isPaused()).toBe(false);
  });

  it("in replicate state streams optimistically up to the window", () => {
    const progress = create();
    progress.acknowledge(4);
    progress.becomeReplicate();
    progress.sent(2, 6, 18);
    progress.sent(1, 7, 9);
    expect(progress.next).toBe(8);
    expect(progress.isPaused()).toBe(true);
    progress.acknowledge(6);
    expect(progress.isPaused()).toBe(false);
  });

  it("ignores stale acknowledgements and never probes at or below its match", () => {
    const progress = create();
    progress.acknowledge(7);
    expect(progress.acknowledge(6)).toBe(false);
    progress.becomeProbe(3);
    expect(progress.next).toBe(8);
  });
});

describe("quorum", () => {
  it("needs a strict majority", () => {
    expect([1, 2, 3, 4, 5].map(majority)).toEqual([1, 2, 2, 3, 3]);
  });

  it("commits the highest index a majority holds", () => {
    expect(quorumMatchIndex([5])).toBe(5);
    expect(quorumMatchIndex([5, 3, 1])).toBe(3);
    expect(quorumMatchIndex([9, 1, 7, 2, 8])).toBe(7);
    expect(quorumMatchIndex([9, 0, 0, 0])).toBe(0);
  });

  it("decides an election once a majority granted or refused", () => {
    const votes = (granted: number, refused: number) => {
      const all = new Map<string, boolean>();
      for (let count = 0; count < granted; count++) all.set(`g${count}`, true);
      for (let count = 0; count < refused; count++) all.set(`r${count}`, false);
      return all;
    };
    expect(voteOutcome(votes(1, 0), 3)).toBe("pending");
    expect(voteOutcome(votes(2, 0), 3)).toBe("won");
    expect(voteOutcome(votes(1, 1), 3)).toBe("pending");
    expect(voteOutcome(votes(1, 2), 3)).toBe("lost");
    // Four voters need three grants: two refusals already decide it, one does not.
    expect(voteOutcome(votes(1, 2), 4)).toBe("lost");
    expect(voteOutcome(votes(1, 1), 4)).toBe("pending");
    expect(voteOutcome(votes(3, 1), 5)).toBe("won");
  });
});
