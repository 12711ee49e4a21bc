import { describe, expect, it } from "vitest";
import { CodecError, decodeMessage, encodeMessage } from "../codec/index.js";
import { RaftInputError } from "./errors.js";
import type { RaftNode } from "./raft-node.js";
import { bytes, createNode, electLeader, entry, takeReady } from "./testing/node-fixtures.js";
import type { Message } from "./types.js";

/**
 * Bad input is refused with a RaftInputError naming the problem, and leaves the node exactly as
 * it was: its status and its next Ready equal those of a twin node that never saw the input.
 */
function twinLeaders(): [RaftNode, RaftNode] {
  const nodes = [createNode({ seed: 4 }), createNode({ seed: 4 })] as [RaftNode, RaftNode];
  for (const node of nodes) {
    electLeader(node);
    node.propose(bytes("x"));
    node.readIndex("pending");
  }
  return nodes;
}

const valid = { from: "2", to: "1", term: 1 };
const badMessages: [string, unknown, RegExp][] = [
  [
    "unknown sender",
    { type: "heartbeat", ...valid, from: "9", commit: 0, context: "" },
    /sender 9 is not a member/,
  ],
  [
    "sender is the node itself",
    { type: "heartbeat", ...valid, from: "1", commit: 0, context: "" },
    /sender is this node itself/,
  ],
  [
    "addressed to another node",
    { type: "heartbeat", ...valid, to: "3", commit: 0, context: "" },
    /addressed to 3/,
  ],
  ["unknown type", { type: "snapshot", ...valid }, /unknown type snapshot/],
  ["not an object", null, /not an object/],
  [
    "term zero",
    { type: "vote-response", ...valid, term: 0, granted: true },
    /term 0 is not a positive integer/,
  ],
  ["fractional term", { type: "vote-response", ...valid, term: 1.5, granted: true }, /term 1.5/],
  [
    "granted not boolean",
    { type: "vote-response", ...valid, granted: "yes" },
    /granted is not a boolean/,
  ],
  [
    "negative commit",
    { type: "heartbeat", ...valid, commit: -1, context: "" },
    /commit is not a non-negative integer/,
  ],
  ["missing context", { type: "heartbeat-response", ...valid }, /context is not a string/],
  [
    "vote log term above message term",
    { type: "vote", ...valid, lastLogIndex: 3, lastLogTerm: 2 },
    /last log term 2 is above/,
  ],
  [
    "vote empty-log mismatch",
    { type: "vote", ...valid, lastLogIndex: 3, lastLogTerm: 0 },
    /disagree about an empty log/,
  ],
  [
    "append entries out of order",
    {
      type: "append",
      ...valid,
      prevLogIndex: 0,
      prevLogTerm: 0,
      commit: 0,
      entries: [entry(2, 1)],
    },
    /entry 0 has index 2, expected 1/,
  ],
  [
    "append entry term above message term",
    {
      type: "append",
      ...valid,
      prevLogIndex: 0,
      prevLogTerm: 0,
      commit: 0,
      entries: [entry(1, 2)],
    },
    /entry 1 has term 2/,
  ],
  [
    "append entry terms decreasing",
    {
      type: "append",
      ...valid,
      term: 3,
      prevLogIndex: 1,
      prevLogTerm: 2,
      commit: 0,
      entries: [entry(2, 1)],
    },
    /entry 2 has term 1, outside \[2, 3\]/,
  ],
  [
    "append entry data not bytes",
    {
      type: "append",
      ...valid,
      prevLogIndex: 0,
      prevLogTerm: 0,
      commit: 0,
      entries: [{ index: 1, term: 1, data: "x" }],
    },
    /entry 1 data is not bytes/,
  ],
  [
    "append entries not an array",
    { type: "append", ...valid, prevLogIndex: 0, prevLogTerm: 0, commit: 0, entries: {} },
    /entries is not an array/,
  ],
  [
    "success with rejection hints",
    {
      type: "append-response",
      ...valid,
      success: true,
      matchIndex: 1,
      conflictIndex: 1,
      conflictTerm: 0,
      rejectedIndex: 0,
    },
    /a success carries rejection hints/,
  ],
  [
    "rejection with a match",
    {
      type: "append-response",
      ...valid,
      success: false,
      matchIndex: 1,
      conflictIndex: 1,
      conflictTerm: 0,
      rejectedIndex: 1,
    },
    /a rejection carries a match index/,
  ],
  [
    "acknowledgement beyond the leader's log",
    {
      type: "append-response",
      ...valid,
      success: true,
      matchIndex: 99,
      conflictIndex: 0,
      conflictTerm: 0,
      rejectedIndex: 0,
    },
    /acknowledges index 99 beyond our last index 2/,
  ],
];

describe("bad input", () => {
  for (const [name, message, problem] of badMessages) {
    it(`a message with ${name} is refused and changes nothing`, () => {
      const [node, twin] = twinLeaders();
      let thrown: unknown;
      try {
        node.step(message as Message);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RaftInputError);
      expect((thrown as Error).message).toMatch(problem);
      expect((thrown as Error).message).toMatch(
        /^raft node 1: refused message|^raft node 1: append-response/,
      );
      expect(node.status()).toEqual(twin.status());
      expect(node.hasReady()).toBe(twin.hasReady());
      expect(takeReady(node)).toEqual(takeReady(twin));
      // The node goes on working: the same input to both still gives the same output.
      const heartbeatResponse: Message = {
        type: "heartbeat-response",
        ...valid,
        context: "1",
      };
      node.step(heartbeatResponse);
      twin.step(heartbeatResponse);
      expect(takeReady(node)).toEqual(takeReady(twin));
    });
  }

  it("bytes that do not decode never reach the node: decoding throws a CodecError naming the offset", () => {
    const encoded = encodeMessage({ type: "heartbeat", ...valid, commit: 3, context: "c" });
    for (let length = 0; length < encoded.length; length++) {
      expect(() => decodeMessage(encoded.subarray(0, length))).toThrow(CodecError);
    }
    const [node, twin] = twinLeaders();
    const corrupted = new Uint8Array(encoded);
    corrupted[0] = 0x7f;
    expect(() => node.step(decodeMessage(corrupted))).toThrow(/unknown message type 127 at byte 0/);
    expect(node.status()).toEqual(twin.status());
  });

  it("host misuse is refused without a change: empty proposals, empty or duplicate read contexts", () => {
    const [node, twin] = twinLeaders();
    expect(() => node.propose(new Uint8Array(0))).toThrow(/non-empty bytes/);
    expect(() => node.readIndex("")).toThrow(/non-empty string/);
    expect(() => node.readIndex("pending")).toThrow(/already pending/);
    expect(node.status()).toEqual(twin.status());
    expect(takeReady(node)).toEqual(takeReady(twin));
  });

  it("an invalid configuration or restored state is refused with what is wrong", () => {
    expect(() => createNode({ peers: ["2", "3"] })).toThrow(/peers must include id/);
    expect(() => createNode({ electionTicks: 2, heartbeatTicks: 2 })).toThrow(
      /heartbeatTicks must be below electionTicks/,
    );
    const hardState = { term: 2, vote: null, commit: 0 };
    expect(() => createNode({ restored: { hardState, entries: [entry(2, 1)] } })).toThrow(
      /restored entry 1 has index 2/,
    );
    expect(() => createNode({ restored: { hardState, entries: [entry(1, 3)] } })).toThrow(/term 3/);
    expect(() =>
      createNode({ restored: { hardState: { ...hardState, commit: 1 }, entries: [] } }),
    ).toThrow(/restored commit 1 is beyond the restored log/);
    expect(() =>
      createNode({ restored: { hardState: { ...hardState, vote: "7" }, entries: [] } }),
    ).toThrow(/vote 7 is not a peer/);
  });
});
