import { entryBytes } from "../codec/byte-arena.js";
import type { RaftConfig } from "./config.js";
import { campaign, handleVoteRequest, handleVoteResponse } from "./election.js";
import { RaftInputError } from "./errors.js";
import { appendResponse, handleAppend, handleHeartbeat } from "./follower-replication.js";
import { assertNodeConsistent, invariantBroken } from "./invariants.js";
import { validateMessage } from "./message-validation.js";
import { NodeState } from "./node-state.js";
import { acknowledgeRead, requestRead } from "./read-index.js";
import { ReadyTracker } from "./ready-tracker.js";
import {
  appendAsLeader,
  broadcastHeartbeat,
  handleAppendResponse,
  handleHeartbeatResponseProgress,
  tickProgress,
} from "./replication.js";
import { resolveConfig } from "./resolved-config.js";
import type { ProposeResult, RaftStatus, ReadIndexResult } from "./results.js";
import { becomeFollower, resetElectionTimer } from "./roles.js";
import type { Message, NodeId, Ready } from "./types.js";

/**
 * One Raft node as a pure state machine (etcd-io/raft's RawNode): ticks, messages, proposals and
 * reads go in; a Ready comes out. No I/O, no clock, no randomness beyond `config.random`.
 * This class checks input and dispatches by role; the rules live in election.ts,
 * replication.ts, follower-replication.ts and read-index.ts.
 */
export class RaftNode {
  private readonly state: NodeState;
  private readonly readyTracker: ReadyTracker;

  constructor(config: RaftConfig) {
    this.state = new NodeState(resolveConfig(config));
    resetElectionTimer(this.state);
    this.readyTracker = new ReadyTracker(this.state);
  }

  /** Advances logical time by one tick: a follower or candidate may start an election, a leader heartbeats. */
  tick(): void {
    const { state } = this;
    if (state.role === "leader") {
      tickProgress(state);
      state.heartbeatElapsed++;
      if (state.heartbeatElapsed >= state.config.heartbeatTicks) {
        state.heartbeatElapsed = 0;
        broadcastHeartbeat(state, { periodic: true });
      }
    } else {
      state.electionElapsed++;
      if (state.electionElapsed >= state.electionTimeout) campaign(state);
    }
    assertNodeConsistent(state);
  }

  /**
   * Takes one message from a peer. Throws RaftInputError — leaving the node untouched — for a
   * message from an unknown node, addressed to another node, or of an impossible shape.
   */
  step(message: Message): void {
    validateMessage(this.state, message);
    // Dispatch on the type once and read the envelope where the message's shape is known: read
    // in one place across the six shapes, every load of term, type and from took V8's
    // megamorphic path, several times per message.
    switch (message.type) {
      case "vote":
        this.stepEnvelope(message, message.term, message.from, false);
        return;
      case "vote-response":
        this.stepEnvelope(message, message.term, message.from, false);
        return;
      case "append":
        this.stepEnvelope(message, message.term, message.from, true);
        return;
      case "append-response":
        this.stepEnvelope(message, message.term, message.from, false);
        return;
      case "heartbeat":
        this.stepEnvelope(message, message.term, message.from, true);
        return;
      case "heartbeat-response":
        this.stepEnvelope(message, message.term, message.from, false);
        return;
    }
  }

  /** `step` for a validated message whose term and sender were read by type; `fromLeader`: an append or heartbeat. */
  private stepEnvelope(message: Message, term: number, from: NodeId, fromLeader: boolean): void {
    const { state } = this;
    this.checkLeaderUnique(message, term, from, fromLeader);
    if (term > state.term) {
      becomeFollower(state, term, fromLeader ? from : null);
    } else if (term < state.term) {
      this.answerStale(message);
      return;
    }
    if (state.role === "leader") this.stepLeader(message);
    else if (state.role === "candidate") this.stepCandidate(message);
    else this.stepFollower(message);
    assertNodeConsistent(state);
  }

  /** Appends `data` on a leader; elsewhere refuses with a hint. Empty data is refused (it is a no-op). */
  propose(data: Uint8Array): ProposeResult {
    const { state } = this;
    if (!(data instanceof Uint8Array) || data.length === 0) {
      throw new RaftInputError(
        state.id,
        "a proposal must be non-empty bytes (an empty entry is a leader's no-op)",
      );
    }
    if (state.role !== "leader")
      return { ok: false, reason: "not-leader", leaderHint: state.leader };
    const limit = state.config.maxUncommittedBytes;
    if (state.uncommittedBytes > 0 && state.uncommittedBytes + data.length > limit) {
      return { ok: false, reason: "overloaded", leaderHint: state.id };
    }
    // A copy, so a host reusing its buffer cannot change the log; made in the arena of entry
    // payloads (a view), where a slice of its own was three allocations per proposal.
    const entry = appendAsLeader(state, [entryBytes.copy(data, 0, data.length)])[0]!;
    assertNodeConsistent(state);
    return { ok: true, index: entry.index, term: entry.term };
  }

  /** Starts a linearizable read; the ReadState with `context` follows in a later Ready. */
  readIndex(context: string): ReadIndexResult {
    const { state } = this;
    if (typeof context !== "string" || context === "") {
      throw new RaftInputError(state.id, "a read context must be a non-empty string");
    }
    if (state.role !== "leader")
      return { ok: false, reason: "not-leader", leaderHint: state.leader };
    if (state.reads.has(context)) {
      throw new RaftInputError(
        state.id,
        `a read with context ${JSON.stringify(context)} is already pending`,
      );
    }
    return requestRead(state, context);
  }

  /** Starts an election now (no-op on a leader). */
  campaign(): void {
    campaign(this.state);
    assertNodeConsistent(this.state);
  }

  /** Whether `ready()` has something to hand out (false while a Ready awaits `advance`). */
  hasReady(): boolean {
    return this.readyTracker.hasReady(this.state);
  }

  /** The next Ready; see the Ready contract in types.ts. */
  ready(): Ready {
    return this.readyTracker.ready(this.state);
  }

  /** Acknowledges that the host has done everything the Ready asked (persist, send, apply). */
  advance(ready: Ready): void {
    this.readyTracker.advance(this.state, ready);
    assertNodeConsistent(this.state);
  }

  status(): RaftStatus {
    const { state } = this;
    const status: RaftStatus = {
      id: state.id,
      role: state.role,
      term: state.term,
      leader: state.leader,
      vote: state.vote,
      commitIndex: state.log.committed,
      lastIndex: state.log.lastIndex(),
      lastTerm: state.log.lastTerm(),
      appliedIndex: state.log.applied,
    };
    if (state.role === "leader") {
      status.progress = {};
      for (const [peer, progress] of state.progress) status.progress[peer] = progress.status();
    }
    return status;
  }

  /** Two leaders in one term is a broken invariant: checked before anything changes. */
  private checkLeaderUnique(
    message: Message,
    term: number,
    from: NodeId,
    fromLeader: boolean,
  ): void {
    const { state } = this;
    if (term !== state.term || !fromLeader) return;
    if (state.leader !== null && state.leader !== from)
      invariantBroken(
        state,
        state.log.lastIndex(),
        `two leaders in one term: ${from} sent ${message.type} while ${state.leader} leads`,
      );
  }

  /**
   * A request from an older term is refused with our term, so its sender steps down (Figure 2:
   * "reply false if term < currentTerm"); stale responses are dropped.
   */
  private answerStale(message: Message): void {
    const { state } = this;
    const base = { from: state.id, to: message.from, term: state.term };
    if (message.type === "append") state.send(appendResponse(state, message, { success: false }));
    else if (message.type === "heartbeat")
      state.send({ type: "heartbeat-response", ...base, context: "" });
    else if (message.type === "vote")
      state.send({ type: "vote-response", ...base, granted: false });
  }

  private stepFollower(message: Message): void {
    const { state } = this;
    switch (message.type) {
      case "append":
      case "heartbeat":
        state.leader = message.from;
        // Mutation `election-timer-never-reset`: hearing from the leader leaves the election
        // timer running, so this follower campaigns every election timeout and deposes a healthy
        // leader. Safety holds (terms and votes still rule); availability and stability do not.
        if (!state.hasMutation("election-timer-never-reset")) state.electionElapsed = 0;
        if (message.type === "append") handleAppend(state, message);
        else handleHeartbeat(state, message);
        return;
      case "vote":
        handleVoteRequest(state, message);
        return;
      default:
        // Responses to a role this node no longer holds in this term: nothing to do.
        return;
    }
  }

  private stepCandidate(message: Message): void {
    const { state } = this;
    switch (message.type) {
      case "append":
      case "heartbeat":
        becomeFollower(state, state.term, message.from);
        this.stepFollower(message);
        return;
      case "vote":
        handleVoteRequest(state, message);
        return;
      case "vote-response":
        handleVoteResponse(state, message);
        return;
      default:
        return;
    }
  }

  private stepLeader(message: Message): void {
    const { state } = this;
    switch (message.type) {
      case "append-response":
        // Impossible input, refused before anything changes (the term is ours: see stepEnvelope).
        if (message.success && message.matchIndex > state.log.lastIndex()) {
          throw new RaftInputError(
            state.id,
            `append-response from ${message.from} acknowledges index ${message.matchIndex} beyond our last index ${state.log.lastIndex()}`,
          );
        }
        handleAppendResponse(state, message);
        return;
      case "heartbeat-response":
        handleHeartbeatResponseProgress(state, message.from);
        if (message.context !== "") acknowledgeRead(state, message.context, message.from);
        return;
      case "vote":
        handleVoteRequest(state, message);
        return;
      default:
        // Late votes, and appends or heartbeats of our own term (refused in checkAgainstState).
        return;
    }
  }
}
