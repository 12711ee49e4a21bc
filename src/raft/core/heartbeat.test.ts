/**
 * The leader's heartbeats (leader.ts, sendPeriodicHeartbeats and broadcastHeartbeat): every
 * heartbeat interval each follower gets a heartbeat unless it was sent an append in it, and an
 * overdue read round goes to every follower until a quorum confirms it. A new read round goes
 * to just enough followers for a quorum.
 */
import { describe, expect, it } from "vitest";
import {
  appendSuccess,
  bytes,
  createNode,
  electLeader,
  takeMessages,
  takeReady,
} from "./testing/node-fixtures.js";
import type { Message } from "./types.js";

function heartbeatsWithRounds(messages: Message[]): [string, string][] {
  return messages.flatMap((message) =>
    message.type === "heartbeat" ? [[message.to, message.context] as [string, string]] : [],
  );
}

function leaderWithMatchingFollowers() {
  const node = createNode({ peers: ["1", "2", "3"] });
  electLeader(node);
  node.step(appendSuccess({ from: "2", term: 1, matchIndex: 1 }));
  node.step(appendSuccess({ from: "3", term: 1, matchIndex: 1 }));
  takeReady(node);
  return node;
}

describe("periodic heartbeats", () => {
  it("go to every follower the leader sent nothing since the previous heartbeat", () => {
    const node = leaderWithMatchingFollowers();
    node.tick();
    takeReady(node);
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([
      ["2", ""],
      ["3", ""],
    ]);
  });

  it("skip a follower that was sent an append since the previous heartbeat, but not the next interval too", () => {
    const node = leaderWithMatchingFollowers();
    node.tick();
    takeReady(node);
    node.propose(bytes("x"));
    const appends = takeMessages(node).filter((message) => message.type === "append");
    expect(appends.map((message) => message.to)).toEqual(["2", "3"]);
    node.step(appendSuccess({ from: "2", term: 1, matchIndex: 2 }));
    takeReady(node);
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([]);
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node)).map(([to]) => to)).toEqual(["2", "3"]);
  });

  it("carry an overdue read round to every follower, even one just sent an append, until a quorum answers it", () => {
    const node = leaderWithMatchingFollowers();
    expect(node.readIndex("r1").ok).toBe(true);
    const round = heartbeatsWithRounds(takeMessages(node));
    expect(round.map(([to]) => to)).toEqual(["2"]);
    const context = round[0]![1];
    expect(context).not.toBe("");
    // The answer is lost, and both followers get an append in this interval and the next.
    node.propose(bytes("x"));
    takeReady(node);
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([]);
    node.propose(bytes("y"));
    takeReady(node);
    // The round was pending when the previous interval began: it is retried to both.
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([
      ["2", context],
      ["3", context],
    ]);
    node.step({ type: "heartbeat-response", from: "3", to: "1", term: 1, context });
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "r1" }]);
  });
});

describe("read rounds", () => {
  function leaderOfFive() {
    const node = createNode({ peers: ["1", "2", "3", "4", "5"] });
    electLeader(node);
    for (const from of ["2", "3", "4", "5"]) {
      node.step(appendSuccess({ from, term: 1, matchIndex: 1 }));
    }
    takeReady(node);
    return node;
  }

  it("go to as many followers as a quorum needs, and confirm every read that arrived before them", () => {
    const node = leaderOfFive();
    node.readIndex("r1");
    node.readIndex("r2");
    const round = heartbeatsWithRounds(takeMessages(node));
    // Reads started before the same Ready share one round; two followers and the leader are a quorum.
    expect(round.map(([to]) => to)).toEqual(["2", "3"]);
    const context = round[0]![1];
    node.step({ type: "heartbeat-response", from: "3", to: "1", term: 1, context });
    expect(takeReady(node).readStates).toEqual([]);
    node.step({ type: "heartbeat-response", from: "2", to: "1", term: 1, context });
    expect(takeReady(node).readStates).toEqual([
      { index: 1, context: "r1" },
      { index: 1, context: "r2" },
    ]);
  });

  it("go first to the followers whose appends have waited for an answer the fewest ticks", () => {
    const node = leaderOfFive();
    node.propose(bytes("x"));
    takeReady(node);
    node.step(appendSuccess({ from: "4", term: 1, matchIndex: 2 }));
    node.step(appendSuccess({ from: "5", term: 1, matchIndex: 2 }));
    takeReady(node);
    // 2 and 3 have not answered the append for two ticks.
    node.tick();
    node.tick();
    takeReady(node);
    node.readIndex("r1");
    expect(heartbeatsWithRounds(takeMessages(node)).map(([to]) => to)).toEqual(["4", "5"]);
  });
});
