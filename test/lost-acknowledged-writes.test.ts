import { describe, expect, it } from "vitest";
import type { NodeEvent } from "../src/history/events.js";
import { crashExposures } from "./support/lost-acknowledged-writes.js";

const ms = 1_000_000;
const append = (node: string, index: number, timeNs = 0): NodeEvent => ({
  timeNs,
  node,
  type: "append",
  index,
  term: 1,
  entryHash: "0",
});
const synced = (node: string, lastIndex: number): NodeEvent => ({
  timeNs: 0,
  node,
  type: "persist",
  hardState: { term: 1, vote: "n1", commit: 0 },
  lastIndex,
  synced: true,
});
const commit = (index: number): NodeEvent => ({ timeNs: 0, node: "n1", type: "commit", index });
const crash = (node: string, timeNs: number, loseUnsynced = true): NodeEvent => ({
  timeNs,
  node,
  type: "crash",
  loseUnsynced,
  tornWrite: false,
});

describe("crash exposures of the ack-before-fsync mutant", () => {
  it("counts a majority round only when each crashed node dropped entries the cluster had committed", () => {
    const events = [
      append("n2", 1),
      append("n2", 2),
      append("n3", 1),
      append("n3", 2),
      synced("n2", 1),
      synced("n3", 1),
      commit(2),
      crash("n2", 1000 * ms),
      crash("n3", 1010 * ms),
    ];
    expect(crashExposures({ events, nodeCount: 3, roundGapMs: 100 })).toEqual({
      losingCrashes: 2,
      crashesLosingCommitted: 2,
      majorityRoundsLosingCommitted: 1,
    });
  });

  it("counts nothing for a crash whose unsynced entries were not yet committed, or that keeps them", () => {
    const uncommitted = [append("n2", 1), append("n2", 2), synced("n2", 1), commit(1)];
    const events = [...uncommitted, crash("n2", 0), crash("n3", 0, false)];
    expect(crashExposures({ events, nodeCount: 3, roundGapMs: 100 })).toEqual({
      losingCrashes: 1,
      crashesLosingCommitted: 0,
      majorityRoundsLosingCommitted: 0,
    });
  });

  it("does not join crashes further apart than a round into one majority", () => {
    const lagging = [append("n2", 2), append("n3", 2), synced("n2", 1), synced("n3", 1), commit(2)];
    const events = [...lagging, crash("n2", 0), crash("n3", 500 * ms)];
    expect(crashExposures({ events, nodeCount: 3, roundGapMs: 100 })).toMatchObject({
      crashesLosingCommitted: 2,
      majorityRoundsLosingCommitted: 0,
    });
  });
});
