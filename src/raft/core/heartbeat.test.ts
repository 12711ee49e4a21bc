/**
 * The leader's periodic heartbeat skips a follower that heard from it since the previous one
 * (replication.ts, broadcastHeartbeat), yet no follower goes a whole heartbeat interval without a
 * message, and a read round is retried until confirmed.
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

  it("carry an unconfirmed read round again, even to a follower contacted meanwhile by appends", () => {
    const node = leaderWithMatchingFollowers();
    node.tick();
    takeReady(node);
    expect(node.readIndex("r1").ok).toBe(true);
    const round = takeMessages(node).filter((message) => message.type === "heartbeat");
    expect(round.map((message) => message.to)).toEqual(["2", "3"]);
    const context = round[0]?.type === "heartbeat" ? round[0].context : "";
    expect(context).not.toBe("");
    // Nobody answers; the next periodic heartbeat skips the followers that already got this round
    // in this interval, and the one after carries it again to both.
    node.tick();
    expect(heartbeatsTo(takeMessages(node))).toEqual([]);
    node.propose(bytes("x"));
    takeReady(node);
    node.tick();
    const retried = takeMessages(node).filter((message) => message.type === "heartbeat");
    expect(
      retried.map((message) => [message.to, message.type === "heartbeat" && message.context]),
    ).toEqual([
      ["2", context],
      ["3", context],
    ]);
  });
});
