import { invariantBroken } from "./invariants.js";
import { RaftLog } from "./raft-log.js";
import { ReadOnly } from "./read-only.js";
import type { ResolvedConfig } from "./resolved-config.js";
import { ProgressTracker } from "./tracker/progress-tracker.js";
import type { Message, NodeId, ReadState, Role } from "./types.js";

/**
 * Outgoing messages a node holds between two Readys. Raft tolerates lost messages, so past this
 * bound (a host that stopped calling `ready()`) further messages are dropped rather than kept.
 */
const maxQueuedMessages = 100_000;

/**
 * Everything one node knows, shared by the files that implement the roles (election.ts,
 * leader.ts, follower.ts, read-index.ts). Term, vote, role and leader change only through the
 * transitions below (Figure 2's "Rules for Servers"), each asserting what must hold; the log
 * changes only through RaftLog, follower tracking only through ProgressTracker and Progress.
 */
export class NodeState {
  readonly id: NodeId;
  readonly config: ResolvedConfig;
  readonly log: RaftLog;
  readonly tracker: ProgressTracker;
  readonly reads = new ReadOnly();
  private currentTerm: number;
  private votedFor: NodeId | null;
  private currentRole: Role = "follower";
  private knownLeader: NodeId | null = null;
  electionElapsed = 0;
  heartbeatElapsed = 0;
  /** This term's election timeout, drawn from [electionTicks, 2 * electionTicks). */
  electionTimeout: number;
  /** Leader: proposals appended since the last Ready, to go out in one batch. */
  appendBroadcastPending = false;
  /** Leader: reads started since the last Ready, to be confirmed by one heartbeat round. */
  heartbeatBroadcastPending = false;
  /** Leader: payload bytes it appended in this term and has not yet seen committed. */
  uncommittedBytes = 0;
  private messages: Message[] = [];
  private readStates: ReadState[] = [];

  constructor(config: ResolvedConfig) {
    this.id = config.id;
    this.config = config;
    this.tracker = new ProgressTracker(config.id, config.peers);
    this.currentTerm = config.restored?.hardState.term ?? 0;
    this.votedFor = config.restored?.hardState.vote ?? null;
    this.log = new RaftLog(this, {
      entries: config.restored?.entries ?? [],
      committed: config.restored?.hardState.commit ?? 0,
    });
    this.electionTimeout = config.electionTicks;
  }

  get term(): number {
    return this.currentTerm;
  }

  /** The candidate voted for in this term, or null. */
  get vote(): NodeId | null {
    return this.votedFor;
  }

  get role(): Role {
    return this.currentRole;
  }

  /** The leader of this term as far as this node knows, or null. */
  get leader(): NodeId | null {
    return this.knownLeader;
  }

  hasMutation(name: string): boolean {
    return this.config.mutations.has(name);
  }

  /**
   * Becomes a follower of `term` (a newer term, or the current one on meeting its leader or
   * losing an election). The election timer is NOT restarted here: Figure 2 restarts it only on
   * hearing the current leader or granting a vote (the callers do that). Restarting it on every
   * newer term would let candidates with stale logs, which cannot win, keep resetting the one
   * node that could.
   */
  becomeFollower(term: number, leader: NodeId | null): void {
    if (term !== this.currentTerm) this.setTerm(term);
    this.leaveRole();
    this.currentRole = "follower";
    this.knownLeader = leader;
  }

  /** Starts a new term as a candidate that votes for itself. */
  becomeCandidate(): void {
    if (!(this.currentRole !== "leader"))
      invariantBroken(this, this.log.lastIndex(), "a leader cannot become candidate");
    this.setTerm(this.currentTerm + 1);
    this.leaveRole();
    this.recordVote(this.id);
    this.currentRole = "candidate";
    this.knownLeader = null;
    this.tracker.recordVote(this.id, true);
    this.resetElectionTimer();
  }

  /** Takes the lead of this term; leader.ts then appends the term's first entry. */
  becomeLeader(): void {
    if (!(this.currentRole === "candidate" && this.votedFor === this.id))
      invariantBroken(this, this.log.lastIndex(), `a ${this.currentRole} cannot become leader`);
    this.leaveRole();
    this.currentRole = "leader";
    this.knownLeader = this.id;
    this.tracker.startProgress({
      next: this.log.lastIndex() + 1,
      maxInflightMessages: this.config.maxInflightMessages,
      maxInflightBytes: this.config.maxInflightBytes,
    });
  }

  /** A follower heard the leader of its term: it follows it and restarts its election timer. */
  heardFromLeader(leader: NodeId): void {
    this.knownLeader = leader;
    // Mutation `election-timer-never-reset`: hearing from the leader leaves the election timer
    // running, so this follower campaigns every election timeout and deposes a healthy leader.
    // Safety holds (terms and votes still rule); availability and stability do not.
    if (this.hasMutation("election-timer-never-reset")) return;
    this.electionElapsed = 0;
  }

  /** Records this term's vote: at most one candidate per term (Figure 2, RequestVote). */
  recordVote(candidate: NodeId): void {
    if (!(this.votedFor === null || this.votedFor === candidate))
      invariantBroken(
        this,
        this.log.lastIndex(),
        `second vote in one term: for ${candidate} after ${this.votedFor}`,
      );
    this.votedFor = candidate;
  }

  /**
   * Restarts the election timer with a fresh random timeout in [electionTicks, 2 * electionTicks)
   * (section 5.2: randomized timeouts make split votes rare).
   */
  resetElectionTimer(): void {
    const ticks = this.config.electionTicks;
    this.electionElapsed = 0;
    this.electionTimeout = ticks + Math.min(ticks - 1, Math.floor(this.config.random() * ticks));
  }

  /** Queues `message` for the next Ready. */
  send(message: Message): void {
    if (this.messages.length < maxQueuedMessages) this.messages.push(message);
  }

  /** Hands `readState` to the next Ready. */
  addReadState(readState: ReadState): void {
    this.readStates.push(readState);
  }

  hasOutput(): boolean {
    return this.messages.length > 0 || this.readStates.length > 0;
  }

  /** The messages queued since the last Ready, handed over. */
  takeMessages(): Message[] {
    const messages = this.messages;
    this.messages = [];
    return messages;
  }

  /** The read states queued since the last Ready, handed over. */
  takeReadStates(): ReadState[] {
    const readStates = this.readStates;
    this.readStates = [];
    return readStates;
  }

  /** Moves to a newer term; the vote is cleared (it was for the old term). */
  private setTerm(term: number): void {
    if (!(term > this.currentTerm))
      invariantBroken(
        this,
        this.log.lastIndex(),
        `term would not increase: ${term} after ${this.currentTerm}`,
      );
    this.currentTerm = term;
    this.votedFor = null;
  }

  /** Leaving a role forgets per-follower progress, votes and every unconfirmed read. */
  private leaveRole(): void {
    this.tracker.reset();
    this.reads.clear();
    this.appendBroadcastPending = false;
    this.heartbeatBroadcastPending = false;
    this.uncommittedBytes = 0;
    this.heartbeatElapsed = 0;
  }
}
