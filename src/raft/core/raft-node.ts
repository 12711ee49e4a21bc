import type { RaftConfig } from "./config.js";
import { campaign, stepCandidate, tickElection } from "./election.js";
import { RaftInputError } from "./errors.js";
import { appendResponse, stepFollower } from "./follower.js";
import { assertNodeConsistent, invariantBroken } from "./invariants.js";
import { appendAsLeader, stepLeader, tickLeader } from "./leader.js";
import { validateMessage } from "./message-validation.js";
import { NodeState } from "./node-state.js";
import { requestRead } from "./read-index.js";
import { ReadyTracker } from "./ready-tracker.js";
import { resolveConfig } from "./resolved-config.js";
import type { ProposeResult, RaftStatus, ReadIndexResult } from "./results.js";
import type { Message, Ready } from "./types.js";

/**
 * One Raft node as a pure state machine (etcd-io/raft's RawNode): ticks, messages, proposals and
 * reads go in; a Ready comes out. No I/O, no clock, no randomness beyond `config.random`.
 * This class checks input, settles the term of each message and hands it to the role's step
 * function: election.ts (candidate), leader.ts, follower.ts.
 */
export class RaftNode {
  private readonly state: NodeState;
  private readonly readyTracker: ReadyTracker;

  constructor(config: RaftConfig) {
    this.state = new NodeState(resolveConfig(config));
    this.state.resetElectionTimer();
    this.readyTracker = new ReadyTracker(this.state);
  }

  /** Advances logical time by one tick: a follower or candidate may start an election, a leader heartbeats. */
  tick(): void {
    if (this.state.role === "leader") tickLeader(this.state);
    else tickElection(this.state);
    assertNodeConsistent(this.state);
  }

  /**
   * Takes one message from a peer. Throws RaftInputError — leaving the node untouched — for a
   * message from an unknown node, addressed to another node, or of an impossible shape.
   *
   * The term is settled first (Figure 2, "Rules for Servers: All Servers"): a newer term makes
   * this node a follower of it; a message of an older term is refused or dropped. What remains is
   * a message of the current term, for the role's step function.
   */
  step(message: Message): void {
    const { state } = this;
    validateMessage(state, message);
    const fromLeader = message.type === "append" || message.type === "heartbeat";
    if (message.term > state.term) {
      state.becomeFollower(message.term, fromLeader ? message.from : null);
    } else if (message.term < state.term) {
      this.answerStale(message);
      return;
    } else if (fromLeader) {
      this.assertOneLeader(message);
    }
    if (state.role === "leader") stepLeader(state, message);
    else if (state.role === "candidate") stepCandidate(state, message);
    else stepFollower(state, message);
    assertNodeConsistent(state);
  }

  /**
   * Appends `data` on a leader; elsewhere refuses with a hint. Empty data is refused (it is a
   * no-op). The log keeps `data` itself, not a copy: the host must not change it afterwards.
   */
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
    const entry = appendAsLeader(state, [data])[0]!;
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
    if (state.role === "leader") status.progress = state.tracker.statuses();
    return status;
  }

  /** Two leaders in one term is a broken invariant: checked before anything changes. */
  private assertOneLeader(message: Message): void {
    const { state } = this;
    if (state.leader !== null && state.leader !== message.from)
      invariantBroken(
        state,
        state.log.lastIndex(),
        `two leaders in one term: ${message.from} sent ${message.type} while ${state.leader} leads`,
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
}
