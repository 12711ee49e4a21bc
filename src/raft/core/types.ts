/**
 * The vocabulary of the Raft core: entries, hard state, messages and the Ready contract.
 * The core is a pure state machine after etcd-io/raft: it owns no I/O, clock or randomness.
 * Hosts (the simulator's node host, the child-process node) drive it from outside.
 */

/** A node's name, e.g. "n1". Unique within a cluster. */
export type NodeId = string;

export interface Entry {
  /** The term of the leader that created the entry. */
  term: number;
  /** The entry's position in the log, starting at 1. */
  index: number;
  /** The command. An empty payload is a leader's no-op entry (appended on election). */
  data: Uint8Array;
}

/** What must survive a crash (Figure 2, "Persistent state on all servers"), plus the commit index. */
export interface HardState {
  term: number;
  /** The candidate voted for in `term`, or null. */
  vote: NodeId | null;
  /** Highest index known committed; persisted so a restarted node need not re-learn it. */
  commit: number;
}

export type Role = "follower" | "candidate" | "leader";

/** Volatile state a host may show or log; in a Ready when it changed. */
export interface SoftState {
  role: Role;
  term: number;
  leader: NodeId | null;
}

/** A linearizable read became serviceable: once the host has applied up to `index`, it may answer. */
export interface ReadState {
  index: number;
  /** The opaque context given to `readIndex`. */
  context: string;
}

interface MessageBase {
  from: NodeId;
  to: NodeId;
  term: number;
}

export interface VoteRequest extends MessageBase {
  type: "vote";
  lastLogIndex: number;
  lastLogTerm: number;
}

export interface VoteResponse extends MessageBase {
  type: "vote-response";
  granted: boolean;
}

export interface AppendRequest extends MessageBase {
  type: "append";
  prevLogIndex: number;
  prevLogTerm: number;
  entries: Entry[];
  /** The leader's commit index. */
  commit: number;
}

export interface AppendResponse extends MessageBase {
  type: "append-response";
  success: boolean;
  /** On success: the highest index the follower now matches with the leader. */
  matchIndex: number;
  /** On rejection (fast log backup): the follower's first index of `conflictTerm`, or its log length + 1. */
  conflictIndex: number;
  /** On rejection: the term of the follower's entry at prevLogIndex, or 0 when its log is shorter. */
  conflictTerm: number;
  /**
   * On rejection: the prevLogIndex of the append that was rejected, so the leader can tell a
   * stale rejection (of an append it has since superseded) from a current one. 0 on success.
   */
  rejectedIndex: number;
}

export interface HeartbeatRequest extends MessageBase {
  type: "heartbeat";
  /** min(leader commit, follower match): never beyond what the follower is known to hold. */
  commit: number;
  /**
   * The ReadIndex round this heartbeat confirms (an id the leader never reuses, not the host's
   * read context), or "" for a plain heartbeat.
   */
  context: string;
}

export interface HeartbeatResponse extends MessageBase {
  type: "heartbeat-response";
  context: string;
}

export type Message =
  | VoteRequest
  | VoteResponse
  | AppendRequest
  | AppendResponse
  | HeartbeatRequest
  | HeartbeatResponse;

export type MessageType = Message["type"];

/**
 * The Ready contract — what the host must do with each Ready, in this order:
 *  1. Persist `entries` (they replace any stored entries from `entries[0].index` on) and
 *     `hardState` (when present). If `mustSync`, make them durable (fsync) before step 2.
 *  2. Send `messages` — only after step 1, for a leader too: a leader counts its own entries
 *     towards a quorum as soon as it appends them, which is safe only because nothing it sends
 *     afterwards can lead to a commit before they are durable.
 *  3. Apply `committedEntries` in order to the state machine; answer `readStates` once applied
 *     through their index.
 *  4. Call `advance(ready)`.
 * The core produces no further Ready until `advance` has been called for this one.
 */
export interface Ready {
  softState: SoftState | null;
  hardState: HardState | null;
  entries: Entry[];
  committedEntries: Entry[];
  messages: Message[];
  readStates: ReadState[];
  mustSync: boolean;
}
