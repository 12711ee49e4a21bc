/**
 * The leader's periodic heartbeat skips a follower that heard from it since the previous one
 * (leader-sends.ts, broadcastHeartbeat), yet no follower goes a whole heartbeat interval without a
 * message, and a read round is retried until confirmed. A read round goes to just enough
 * followers for a quorum, chosen by whether they answered lately and were sent anything lately.
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

function heartbeatsTo(messages: Message[]): string[] {
  return messages.filter((message) => message.type === "heartbeat").map((message) => message.to);
}

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
    expect(heartbeatsTo(takeMessages(node))).toEqual(["2", "3"]);
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
    expect(heartbeatsTo(takeMessages(node))).toEqual([]);
    node.tick();
    expect(heartbeatsTo(takeMessages(node))).toEqual(["2", "3"]);
  });

  it("carry an overdue read round to every follower that lacks it, even one contacted meanwhile by appends", () => {
    const node = leaderWithMatchingFollowers();
    node.tick();
    takeReady(node);
    expect(node.readIndex("r1").ok).toBe(true);
    const round = heartbeatsWithRounds(takeMessages(node));
    expect(round).toHaveLength(1);
    const [[target, context]] = round as [[string, string]];
    expect(context).not.toBe("");
    const other = target === "2" ? "3" : "2";
    // Nobody answers. The next periodic heartbeat finds the round young: the follower it went to
    // is skipped, the other (sent nothing this interval) gets a heartbeat, carrying the round.
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([[other, context]]);
    // An append reaches both; the round is overdue now, so the next one carries it to both.
    node.propose(bytes("x"));
    takeReady(node);
    node.tick();
    expect(heartbeatsWithRounds(takeMessages(node))).toEqual([
      ["2", context],
      ["3", context],
    ]);
  });
});

describe("read rounds", () => {
  function leaderOfFive() {
    const node = createNode({ peers: ["1", "2", "3", "4", "5"] });
    electLeader(node);
    takeReady(node);
    return node;
  }

  it("go to as many followers as a quorum needs, those that answered lately first", () => {
    const node = leaderOfFive();
    // Only 4 and 5 answer the leader's first appends.
    node.step(appendSuccess({ from: "4", term: 1, matchIndex: 1 }));
    node.step(appendSuccess({ from: "5", term: 1, matchIndex: 1 }));
    takeReady(node);
    expect(node.readIndex("r1").ok).toBe(true);
    const round = heartbeatsWithRounds(takeMessages(node));
    expect(round.map(([to]) => to)).toEqual(["4", "5"]);
    const context = round[0]![1];
    node.step({ type: "heartbeat-response", from: "4", to: "1", term: 1, context });
    expect(takeReady(node).readStates).toEqual([]);
    node.step({ type: "heartbeat-response", from: "5", to: "1", term: 1, context });
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "r1" }]);
  });

  it("prefer, among followers that answered lately, those sent nothing this heartbeat interval", () => {
    const node = leaderOfFive();
    for (const from of ["2", "3", "4", "5"]) {
      node.step(appendSuccess({ from, term: 1, matchIndex: 1 }));
    }
    takeReady(node);
    node.tick();
    takeReady(node);
    // All four answered lately and none was sent anything this interval: the first two get r1.
    node.readIndex("r1");
    const first = heartbeatsWithRounds(takeMessages(node));
    expect(first.map(([to]) => to)).toEqual(["2", "3"]);
    for (const [from, context] of first) {
      node.step({ type: "heartbeat-response", from, to: "1", term: 1, context });
    }
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "r1" }]);
    // In the same interval, r2 goes to the two the leader has not contacted yet.
    node.readIndex("r2");
    const second = heartbeatsWithRounds(takeMessages(node));
    expect(second.map(([to]) => to)).toEqual(["4", "5"]);
  });
});
