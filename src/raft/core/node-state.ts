import type { InvariantContext } from "./invariants.js";
import type { Progress } from "./progress.js";
import { RaftLog } from "./raft-log.js";
import { ReadIndexQueue } from "./read-index-queue.js";
import type { ResolvedConfig } from "./resolved-config.js";
import type { Message, NodeId, ReadState, Role } from "./types.js";

/**
 * Outgoing messages a node holds between two Readys. Raft tolerates lost messages, so past this
 * bound (a host that stopped calling `ready()`) further messages are dropped rather than kept.
 */
const maxQueuedMessages = 100_000;

/**
 * Everything one node knows, shared by the files that implement the roles (election,
 * replication, reads). Only RaftNode exposes it; the other files take it as their first argument.
 */
export class NodeState implements InvariantContext {
  readonly id: NodeId;
  readonly config: ResolvedConfig;
  /** The other voters, in configuration order. */
  readonly otherPeers: readonly NodeId[];
  term: number;
  vote: NodeId | null;
  role: Role = "follower";
  leader: NodeId | null = null;
  readonly log: RaftLog;
  electionElapsed = 0;
  heartbeatElapsed = 0;
  /** This term's election timeout, drawn from [electionTicks, 2 * electionTicks). */
  electionTimeout: number;
  /** Candidate: the votes received, granted or refused, including its own. */
  votes = new Map<NodeId, boolean>();
  /** Leader: what it knows of each other voter. */
  progress = new Map<NodeId, Progress>();
  /**
   * Leader: the same Progress objects, in `otherPeers` order (`progressList[i]` is the progress of
   * `otherPeers[i]`). Loops over every follower use it: they run on every append answer and tick,
   * where a Map iterator was an allocation each time and a lookup per peer a hash probe.
   */
  progressList: Progress[] = [];
  readonly reads = new ReadIndexQueue();
  messages: Message[] = [];
  readStates: ReadState[] = [];
  /** Leader: proposals appended since the last Ready, to go out in one batch. */
  appendBroadcastPending = false;
  /** Leader: reads started since the last Ready, to be confirmed by one heartbeat round. */
  heartbeatBroadcastPending = false;
  /** Leader: payload bytes it appended in this term and has not yet seen committed. */
  uncommittedBytes = 0;
  droppedMessageCount = 0;
  /**
   * Leader: scratch for the match indexes `maybeCommit` counts, one per voter (one array for the
   * node's life, written by position: setting its length to 0 would drop its backing store).
   */
  readonly matchScratch: number[];

  constructor(config: ResolvedConfig) {
    this.id = config.id;
    this.config = config;
    this.otherPeers = config.peers.filter((peer) => peer !== config.id);
    this.matchScratch = new Array<number>(config.peers.length).fill(0);
    this.term = config.restored?.hardState.term ?? 0;
    this.vote = config.restored?.hardState.vote ?? null;
    this.log = new RaftLog(this, {
      entries: config.restored?.entries ?? [],
      committed: config.restored?.hardState.commit ?? 0,
    });
    this.electionTimeout = config.electionTicks;
  }

  get voterCount(): number {
    return this.config.peers.length;
  }

  hasMutation(name: string): boolean {
    return this.config.mutations.has(name);
  }

  /** Hands `readState` to the next Ready (a list started by its first, as `send` does). */
  addReadState(readState: ReadState): void {
    if (this.readStates.length === 0) this.readStates = [readState];
    else this.readStates.push(readState);
  }

  send(message: Message): void {
    if (this.messages.length >= maxQueuedMessages) {
      this.droppedMessageCount++;
      return;
    }
    // A Ready takes the list and leaves the shared empty one (ReadyTracker's), never pushed onto:
    // most Readys carry one message, and a list grown from empty by push reserves seventeen.
    if (this.messages.length === 0) this.messages = [message];
    else this.messages.push(message);
  }
}
