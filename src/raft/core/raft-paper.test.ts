/**
 * Tests named after the sentences of the Raft paper (Ongaro & Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", extended version), as etcd's raft_paper_test.go does.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../random/rng.js";
import { RaftInvariantError } from "./errors.js";
import {
  appendRequest,
  appendSuccess,
  bytes,
  createNode,
  electLeader,
  entry,
  logWithTerms,
  restoredNode,
  takeMessages,
  takeReady,
} from "./testing/node-fixtures.js";
import type { AppendResponse, Message, VoteResponse } from "./types.js";

function ofType<T extends Message["type"]>(messages: Message[], type: T) {
  return messages.filter(
    (message): message is Extract<Message, { type: T }> => message.type === type,
  );
}

describe("5.2 leader election", () => {
  it("servers start up as followers", () => {
    const status = createNode().status();
    expect(status).toMatchObject({
      role: "follower",
      term: 0,
      leader: null,
      vote: null,
      commitIndex: 0,
    });
  });

  it("a server remains in follower state as long as it receives valid RPCs from a leader", () => {
    const node = createNode();
    for (let tick = 0; tick < 100; tick++) {
      node.tick();
      node.step({ type: "heartbeat", from: "2", to: "1", term: 1, commit: 0, context: "" });
    }
    expect(node.status()).toMatchObject({ role: "follower", term: 1, leader: "2" });
  });

  it("if a follower receives no communication over the election timeout, it begins an election", () => {
    const node = restoredNode(logWithTerms(1, 1), { term: 1 });
    for (let tick = 0; tick < 20; tick++) node.tick();
    expect(node.status()).toMatchObject({ role: "candidate", term: 2, vote: "1" });
    const ready = takeReady(node);
    expect(ready.hardState).toEqual({ term: 2, vote: "1", commit: 0 });
    expect(ready.mustSync).toBe(true);
    const requests = ofType(ready.messages, "vote");
    expect(requests.map((request) => request.to)).toEqual(["2", "3"]);
    for (const request of requests)
      expect(request).toMatchObject({ term: 2, lastLogIndex: 2, lastLogTerm: 1 });
  });

  it("election timeouts are chosen randomly from a fixed interval [electionTicks, 2 * electionTicks)", () => {
    const ticksToElection = (random: () => number) => {
      const node = createNode({ random, electionTicks: 10 });
      for (let tick = 1; tick <= 100; tick++) {
        node.tick();
        if (node.status().role === "candidate") return tick;
      }
      return -1;
    };
    expect(ticksToElection(() => 0)).toBe(10);
    expect(ticksToElection(() => 0.9999999)).toBe(19);
    const observed = new Set<number>();
    for (let seed = 1; seed <= 50; seed++) observed.add(ticksToElection(seededRandom(seed)));
    for (const ticks of observed) {
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect(ticks).toBeLessThan(20);
    }
    expect(observed.size).toBeGreaterThan(3);
  });

  it("a candidate wins an election if it receives votes from a majority of the servers in the full cluster", () => {
    const cases: { peers: number; granted: number; refused: number; role: string }[] = [
      { peers: 1, granted: 0, refused: 0, role: "leader" },
      { peers: 3, granted: 1, refused: 0, role: "leader" },
      { peers: 3, granted: 0, refused: 1, role: "candidate" },
      { peers: 3, granted: 0, refused: 2, role: "follower" },
      { peers: 5, granted: 1, refused: 0, role: "candidate" },
      { peers: 5, granted: 2, refused: 2, role: "leader" },
      { peers: 5, granted: 1, refused: 3, role: "follower" },
    ];
    for (const { peers, granted, refused, role } of cases) {
      const ids = Array.from({ length: peers }, (_, position) => String(position + 1));
      const node = createNode({ peers: ids });
      node.campaign();
      const voters = ids.slice(1);
      for (const voter of voters.slice(0, granted)) node.step(voteResponse(voter, 1, true));
      for (const voter of voters.slice(granted, granted + refused)) {
        node.step(voteResponse(voter, 1, false));
      }
      expect({ peers, granted, refused, role: node.status().role }).toEqual({
        peers,
        granted,
        refused,
        role,
      });
    }
  });

  it("each server will vote for at most one candidate in a given term, on a first-come-first-served basis", () => {
    const node = createNode();
    node.step({ type: "vote", from: "2", to: "1", term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    node.step({ type: "vote", from: "3", to: "1", term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    node.step({ type: "vote", from: "2", to: "1", term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    const responses = ofType(takeMessages(node), "vote-response");
    expect(responses.map((response) => [response.to, response.granted])).toEqual([
      ["2", true],
      ["3", false],
      ["2", true],
    ]);
    expect(node.status().vote).toBe("2");
  });

  it("a candidate that receives AppendEntries from a leader with a term at least as large returns to follower", () => {
    for (const term of [1, 2]) {
      const node = createNode();
      node.campaign();
      node.step(appendRequest({ from: "2", term }));
      expect(node.status()).toMatchObject({ role: "follower", term, leader: "2" });
    }
  });

  it("a candidate that neither wins nor loses times out and starts a new election by incrementing its term", () => {
    const node = createNode();
    node.campaign();
    for (let tick = 0; tick < 20; tick++) node.tick();
    expect(node.status()).toMatchObject({ role: "candidate", term: 2, vote: "1" });
  });

  it("if a server receives a request with a stale term number, it rejects the request", () => {
    const node = createNode();
    node.step({ type: "heartbeat", from: "2", to: "1", term: 3, commit: 0, context: "" });
    takeReady(node);
    node.step(appendRequest({ from: "3", term: 2, entries: [entry(1, 2, "x")] }));
    node.step({ type: "vote", from: "3", to: "1", term: 2, lastLogIndex: 9, lastLogTerm: 2 });
    const messages = takeMessages(node);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ type: "append-response", term: 3, success: false });
    expect(messages[1]).toMatchObject({ type: "vote-response", term: 3, granted: false });
    expect(node.status()).toMatchObject({ term: 3, lastIndex: 0, leader: "2" });
  });

  it("if a candidate or leader discovers that its term is out of date, it immediately reverts to follower", () => {
    const candidate = createNode();
    candidate.campaign();
    candidate.step(voteResponse("2", 5, false));
    expect(candidate.status()).toMatchObject({ role: "follower", term: 5, vote: null });

    const leader = createNode();
    electLeader(leader);
    leader.step({ type: "heartbeat-response", from: "3", to: "1", term: 7, context: "" });
    expect(leader.status()).toMatchObject({ role: "follower", term: 7, leader: null, vote: null });
    expect(takeReady(leader).softState).toEqual({ role: "follower", term: 7, leader: null });
  });
});

describe("5.3 log replication", () => {
  it("the leader appends the command to its log as a new entry, then issues AppendEntries in parallel to each of the other servers", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    const result = node.propose(bytes("x"));
    expect(result).toEqual({ ok: true, index: 2, term: 1 });
    const ready = takeReady(node);
    expect(ready.entries).toEqual([entry(2, 1, "x")]);
    const appends = ofType(ready.messages, "append");
    expect(appends.map((append) => append.to)).toEqual(["2", "3"]);
    for (const append of appends) {
      expect(append).toMatchObject({ term: 1, prevLogIndex: 1, prevLogTerm: 1, commit: 1 });
      expect(append.entries).toEqual([entry(2, 1, "x")]);
    }
  });

  it("proposals made between two Readys travel in one append per follower", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    for (const data of ["a", "b", "c"]) node.propose(bytes(data));
    const appends = ofType(takeMessages(node), "append");
    expect(appends).toHaveLength(2);
    expect(appends[0]!.entries.map((each) => each.index)).toEqual([2, 3, 4]);
  });

  it("a log entry is committed once the leader that created the entry has replicated it on a majority of the servers", () => {
    const node = createNode({ peers: ["1", "2", "3", "4", "5"] });
    electLeader(node);
    node.propose(bytes("x"));
    takeReady(node);
    node.step(appendSuccess({ from: "2", term: 1, matchIndex: 2 }));
    expect(node.status().commitIndex).toBe(0);
    node.step(appendSuccess({ from: "3", term: 1, matchIndex: 2 }));
    expect(node.status().commitIndex).toBe(2);
    expect(takeReady(node).committedEntries.map((each) => each.index)).toEqual([1, 2]);
  });

  it("the leader includes the highest index it knows to be committed in future AppendEntries RPCs, including heartbeats", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    node.propose(bytes("x"));
    takeReady(node);
    node.step(appendSuccess({ from: "2", term: 1, matchIndex: 2 }));
    node.propose(bytes("y"));
    const appends = ofType(takeMessages(node), "append");
    expect(appends.every((append) => append.commit === 2)).toBe(true);
    // The first periodic heartbeat is skipped (both followers just got an append); the next goes.
    node.tick();
    expect(ofType(takeMessages(node), "heartbeat")).toEqual([]);
    node.tick();
    const heartbeats = ofType(takeMessages(node), "heartbeat");
    // A heartbeat carries min(commit, follower match): follower 3 has only acknowledged index 1.
    expect(heartbeats.map((heartbeat) => [heartbeat.to, heartbeat.commit])).toEqual([
      ["2", 2],
      ["3", 1],
    ]);
  });

  it("once a follower learns that a log entry is committed, it applies the entry to its local state machine in log order", () => {
    const node = createNode();
    node.step(
      appendRequest({
        term: 1,
        entries: [entry(1, 1, "a"), entry(2, 1, "b"), entry(3, 1, "c")],
        commit: 0,
      }),
    );
    expect(takeReady(node).committedEntries).toEqual([]);
    node.step(appendRequest({ term: 1, prevLogIndex: 3, prevLogTerm: 1, commit: 2 }));
    expect(takeReady(node).committedEntries.map((each) => each.index)).toEqual([1, 2]);
    node.step({ type: "heartbeat", from: "2", to: "1", term: 1, commit: 3, context: "" });
    expect(takeReady(node).committedEntries.map((each) => each.index)).toEqual([3]);
  });

  it("when sending an AppendEntries RPC, the leader includes the index and term of the entry immediately preceding the new entries", () => {
    const node = restoredNode(logWithTerms(1, 2, 2), { term: 2 });
    const appends = ofType(electLeader(node), "append");
    expect(appends).toHaveLength(2);
    for (const append of appends) {
      expect(append).toMatchObject({ prevLogIndex: 3, prevLogTerm: 2 });
      expect(append.entries).toEqual([entry(4, 3)]);
    }
  });

  it("if the follower does not find an entry in its log with the same index and term, then it refuses the new entries", () => {
    const cases = [
      { prevLogIndex: 2, prevLogTerm: 3, conflictIndex: 2, conflictTerm: 2 },
      { prevLogIndex: 4, prevLogTerm: 2, conflictIndex: 4, conflictTerm: 0 },
    ];
    for (const { prevLogIndex, prevLogTerm, conflictIndex, conflictTerm } of cases) {
      const node = restoredNode(logWithTerms(1, 2, 2), { term: 3 });
      node.step(
        appendRequest({
          term: 3,
          prevLogIndex,
          prevLogTerm,
          entries: [entry(prevLogIndex + 1, 3)],
        }),
      );
      const [response] = ofType(takeMessages(node), "append-response");
      expect(response).toMatchObject({
        success: false,
        rejectedIndex: prevLogIndex,
        conflictIndex,
        conflictTerm,
      });
      expect(node.status().lastIndex).toBe(3);
    }
  });

  it("if an existing entry conflicts with a new one (same index but different terms), delete the existing entry and all that follow it", () => {
    const node = restoredNode(logWithTerms(1, 1, 1, 1), { term: 2 });
    node.step(
      appendRequest({
        term: 3,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [entry(2, 1, "e2"), entry(3, 3, "new")],
      }),
    );
    const ready = takeReady(node);
    expect(ready.entries).toEqual([entry(3, 3, "new")]);
    expect(node.status()).toMatchObject({ lastIndex: 3, lastTerm: 3 });
  });

  it("entries the follower already holds are never removed by a stale or duplicated AppendEntries", () => {
    const node = restoredNode(logWithTerms(1, 1, 1, 1), { term: 1 });
    node.step(
      appendRequest({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(2, 1, "e2")] }),
    );
    const [response] = ofType(takeMessages(node), "append-response");
    // The answer proves only what the message covered: a match at 2, not 4.
    expect(response).toMatchObject({ success: true, matchIndex: 2 });
    expect(node.status().lastIndex).toBe(4);
  });

  it("after a rejection, the leader decrements nextIndex using the conflict hints and retries (fast log backup)", () => {
    const node = restoredNode(logWithTerms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6), { term: 7 });
    electLeader(node);
    // The follower holds terms 1,1,1,4,4 then 4,4 at 6..7 (a conflicting term-4 run).
    node.step(
      rejection({ from: "2", term: 8, rejectedIndex: 10, conflictIndex: 8, conflictTerm: 0 }),
    );
    const [firstRetry] = ofType(takeMessages(node), "append");
    expect(firstRetry).toMatchObject({ prevLogIndex: 7, prevLogTerm: 5 });
    node.step(
      rejection({ from: "2", term: 8, rejectedIndex: 7, conflictIndex: 4, conflictTerm: 4 }),
    );
    const [secondRetry] = ofType(takeMessages(node), "append");
    // The leader's last term-4 entry is at index 5: it resumes right after it.
    expect(secondRetry).toMatchObject({ prevLogIndex: 5, prevLogTerm: 4 });
    expect(node.status().progress?.["2"]).toMatchObject({ state: "probe", next: 6 });
  });

  it("the leader never overwrites or deletes entries in its own log", () => {
    const node = restoredNode(logWithTerms(1, 1, 2), { term: 2 });
    electLeader(node);
    node.step(
      rejection({ from: "2", term: 3, rejectedIndex: 3, conflictIndex: 1, conflictTerm: 1 }),
    );
    node.step(appendSuccess({ from: "3", term: 3, matchIndex: 4 }));
    const ready = takeReady(node);
    expect(ready.entries).toEqual([]);
    expect(node.status()).toMatchObject({ lastIndex: 4, lastTerm: 3 });
    // A second leader in the same term would be the only way to make it truncate: that is refused.
    expect(() => node.step(appendRequest({ from: "2", term: 3 }))).toThrow(RaftInvariantError);
  });
});

describe("5.4 safety", () => {
  it("the voter denies its vote if its own log is more up-to-date than that of the candidate", () => {
    const voterLog = logWithTerms(1, 2, 2);
    const cases = [
      { lastLogTerm: 1, lastLogIndex: 5, granted: false },
      { lastLogTerm: 2, lastLogIndex: 2, granted: false },
      { lastLogTerm: 2, lastLogIndex: 3, granted: true },
      { lastLogTerm: 2, lastLogIndex: 4, granted: true },
      { lastLogTerm: 3, lastLogIndex: 1, granted: true },
    ];
    for (const { lastLogTerm, lastLogIndex, granted } of cases) {
      const node = restoredNode(voterLog, { term: 2 });
      node.step({ type: "vote", from: "2", to: "1", term: 3, lastLogIndex, lastLogTerm });
      const [response] = ofType(takeMessages(node), "vote-response");
      expect({ lastLogTerm, lastLogIndex, granted: response?.granted }).toEqual({
        lastLogTerm,
        lastLogIndex,
        granted,
      });
    }
  });

  it("leader only commits log from current term", () => {
    // A leader of term 3 holding entries 1..2 of term 1: a majority holding index 2 does not commit
    // it; it commits once its own no-op (3/3) is on a majority, and 1..2 with it.
    const node = restoredNode(logWithTerms(1, 1), { term: 2 });
    electLeader(node);
    expect(node.status()).toMatchObject({ term: 3, lastIndex: 3 });
    node.step(appendSuccess({ from: "2", term: 3, matchIndex: 2 }));
    expect(node.status().commitIndex).toBe(0);
    node.step(appendSuccess({ from: "2", term: 3, matchIndex: 3 }));
    expect(node.status().commitIndex).toBe(3);
  });

  it("with the commit-prior-term mutation, the leader commits an entry of a prior term by counting replicas", () => {
    const node = restoredNode(logWithTerms(1, 1), { term: 2, mutations: ["commit-prior-term"] });
    electLeader(node);
    node.step(appendSuccess({ from: "2", term: 3, matchIndex: 2 }));
    expect(node.status().commitIndex).toBe(2);
  });

  it("a follower holding a committed entry that a leader contradicts reports a broken invariant with node, term and index", () => {
    const node = restoredNode(logWithTerms(1, 1), { term: 2, commit: 2 });
    const contradiction = appendRequest({ term: 4, prevLogIndex: 2, prevLogTerm: 3 });
    expect(() => node.step(contradiction)).toThrow(/node 1 \(term 4, index 2\).*committed index 2/);
  });

  it("a new leader appends a no-op entry of its term (section 8)", () => {
    const node = restoredNode(logWithTerms(1, 1), { term: 1 });
    electLeader(node);
    expect(node.status()).toMatchObject({ role: "leader", term: 2, lastIndex: 3, lastTerm: 2 });
  });
});

describe("read-only operations (section 8)", () => {
  it("a leader must check whether it has been deposed before processing a read-only request", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    expect(node.readIndex("r")).toEqual({ ok: true });
    // One follower's answer makes a quorum with the leader: the round goes to one of them.
    const heartbeats = ofType(takeMessages(node), "heartbeat");
    expect(heartbeats).toHaveLength(1);
    const { to, context: round } = heartbeats[0]!;
    expect(round).not.toBe("");
    expect(takeReady(node).readStates).toEqual([]);
    node.step({ type: "heartbeat-response", from: to, to: "1", term: 1, context: round });
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "r" }]);
  });

  it("an answer to an older heartbeat round never confirms a newer read, even with the same context", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    node.readIndex("r");
    const firstRound = ofType(takeMessages(node), "heartbeat")[0]!.context;
    node.step({ type: "heartbeat-response", from: "2", to: "1", term: 1, context: firstRound });
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "r" }]);
    node.readIndex("r");
    takeReady(node);
    // A delayed duplicate answer to the first round arrives after the second read.
    node.step({ type: "heartbeat-response", from: "3", to: "1", term: 1, context: firstRound });
    expect(takeReady(node).readStates).toEqual([]);
  });

  it("a deposed leader never hands out the read it was confirming", () => {
    const node = createNode();
    electLeader(node);
    acknowledgeAll(node, 1);
    node.readIndex("r");
    const round = ofType(takeMessages(node), "heartbeat")[0]!.context;
    node.step({ type: "heartbeat-response", from: "2", to: "1", term: 2, context: round });
    node.step({ type: "heartbeat-response", from: "3", to: "1", term: 1, context: round });
    const ready = takeReady(node);
    expect(ready.readStates).toEqual([]);
    expect(ready.softState).toMatchObject({ role: "follower" });
  });

  it("a leader that has not yet committed an entry of its term defers reads until it has", () => {
    const node = createNode();
    electLeader(node);
    expect(node.readIndex("early")).toEqual({ ok: true });
    expect(ofType(takeMessages(node), "heartbeat")).toEqual([]);
    node.step(appendSuccess({ from: "2", term: 1, matchIndex: 1 }));
    const heartbeats = ofType(takeMessages(node), "heartbeat");
    expect(heartbeats.map((heartbeat) => heartbeat.to)).toEqual(["2"]);
    expect(heartbeats[0]!.context).not.toBe("");
    node.step({
      type: "heartbeat-response",
      from: "2",
      to: "1",
      term: 1,
      context: heartbeats[0]!.context,
    });
    expect(takeReady(node).readStates).toEqual([{ index: 1, context: "early" }]);
  });

  it("a follower refuses proposals and reads, naming the leader it knows", () => {
    const node = createNode();
    node.step({ type: "heartbeat", from: "3", to: "1", term: 1, commit: 0, context: "" });
    expect(node.propose(bytes("x"))).toEqual({ ok: false, reason: "not-leader", leaderHint: "3" });
    expect(node.readIndex("r")).toEqual({ ok: false, reason: "not-leader", leaderHint: "3" });
  });

  it("a leader refuses reads and proposals past its bounds as overloaded", () => {
    const node = createNode({ maxPendingReads: 2, maxUncommittedBytes: 4 });
    electLeader(node);
    acknowledgeAll(node, 1);
    expect(node.readIndex("a").ok).toBe(true);
    expect(node.readIndex("b").ok).toBe(true);
    expect(node.readIndex("c")).toEqual({ ok: false, reason: "overloaded", leaderHint: "1" });
    expect(node.propose(bytes("abc")).ok).toBe(true);
    expect(node.propose(bytes("de"))).toEqual({ ok: false, reason: "overloaded", leaderHint: "1" });
  });
});

describe("persistence and the Ready contract", () => {
  it("a node restarted from its persisted state keeps its term, vote and log, and votes no second time in that term", () => {
    const node = restoredNode(logWithTerms(1, 1), { term: 3, vote: "2", commit: 1 });
    expect(node.status()).toMatchObject({
      term: 3,
      vote: "2",
      commitIndex: 1,
      appliedIndex: 0,
      lastIndex: 2,
    });
    expect(takeReady(node).committedEntries.map((each) => each.index)).toEqual([1]);
    node.step({ type: "vote", from: "3", to: "1", term: 3, lastLogIndex: 9, lastLogTerm: 3 });
    expect(ofType(takeMessages(node), "vote-response")[0]?.granted).toBe(false);
  });

  it("a Ready must be synced when entries, term or vote changed, and need not be for commit alone", () => {
    const node = createNode();
    node.step(appendRequest({ term: 1, entries: [entry(1, 1, "a")] }));
    expect(takeReady(node).mustSync).toBe(true);
    node.step({ type: "heartbeat", from: "2", to: "1", term: 1, commit: 1, context: "" });
    const commitOnly = takeReady(node);
    expect(commitOnly.hardState).toEqual({ term: 1, vote: null, commit: 1 });
    expect(commitOnly.mustSync).toBe(false);
    node.step({ type: "vote", from: "3", to: "1", term: 2, lastLogIndex: 1, lastLogTerm: 1 });
    expect(takeReady(node).mustSync).toBe(true);
  });

  it("no Ready is produced while one awaits advance, and advance takes only that Ready", () => {
    const node = createNode();
    node.campaign();
    const ready = node.ready();
    node.step(voteResponse("2", 1, true));
    expect(node.hasReady()).toBe(false);
    expect(() => node.ready()).toThrow(/before advance/);
    expect(() => node.advance({ ...ready })).toThrow(/not the one outstanding/);
    node.advance(ready);
    expect(node.hasReady()).toBe(true);
    expect(node.ready().softState).toMatchObject({ role: "leader" });
  });

  it("entries replaced between ready() and advance() are handed out again from the conflict", () => {
    const node = createNode();
    node.step(appendRequest({ term: 1, entries: [entry(1, 1, "a"), entry(2, 1, "b")] }));
    const first = node.ready();
    expect(first.entries.map((each) => each.index)).toEqual([1, 2]);
    node.step(
      appendRequest({
        from: "3",
        term: 2,
        prevLogIndex: 1,
        prevLogTerm: 1,
        entries: [entry(2, 2, "c")],
      }),
    );
    node.advance(first);
    const second = node.ready();
    expect(second.entries).toEqual([entry(2, 2, "c")]);
  });
});

function voteResponse(from: string, term: number, granted: boolean): VoteResponse {
  return { type: "vote-response", from, to: "1", term, granted };
}

function rejection(fields: {
  from: string;
  term: number;
  rejectedIndex: number;
  conflictIndex: number;
  conflictTerm: number;
}): AppendResponse {
  return { type: "append-response", to: "1", success: false, matchIndex: 0, ...fields };
}

/** Every follower acknowledges `index`, and the resulting Readys are drained. */
function acknowledgeAll(node: ReturnType<typeof createNode>, index: number): void {
  const { term, progress } = node.status();
  for (const peer of Object.keys(progress ?? {}))
    node.step(appendSuccess({ from: peer, term, matchIndex: index }));
  takeReady(node);
}
