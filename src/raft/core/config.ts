import type { Entry, HardState, NodeId } from "./types.js";

/** The names of the deliberate bugs a scenario can switch on (DESIGN.md, "Mutations"). */
export type MutationName = string;

/**
 * The mutations the core implements (each documented beside its code), so a host can accept
 * them and reject unknown names. `commit-prior-term`: a leader commits entries of earlier terms
 * by counting replicas (Figure 8 of the Raft paper; see leader.ts, maybeCommit).
 * `election-timer-never-reset`: a follower does not restart its election timer on hearing from
 * its leader, so it times out and campaigns every election timeout however healthy the leader
 * (see node-state.ts, heardFromLeader).
 */
export const coreMutationNames = ["commit-prior-term", "election-timer-never-reset"] as const;

export interface RaftConfig {
  id: NodeId;
  /** Every voting member, including `id`. */
  peers: readonly NodeId[];
  /** Election timeout in ticks; each election draws uniformly from [electionTicks, 2 * electionTicks). */
  electionTicks: number;
  /** Ticks between a leader's heartbeats. Must be below electionTicks. */
  heartbeatTicks: number;
  /** A uniform random float in [0, 1): the only randomness the core uses. */
  random: () => number;
  /** Append messages in flight to one follower before the leader waits for acknowledgements. */
  maxInflightMessages?: number;
  /** Bytes of entries in flight to one follower (an entry counts its payload plus 8 bytes). */
  maxInflightBytes?: number;
  /** Largest size of the entries of one append message, counted as above (at least one entry is always sent). */
  maxMessageBytes?: number;
  /** Payload bytes a leader holds uncommitted before it refuses proposals as `overloaded`. */
  maxUncommittedBytes?: number;
  /** Reads a leader holds unconfirmed before it refuses more as `overloaded`. */
  maxPendingReads?: number;
  /** Deliberate bugs to switch on; empty in normal use. */
  mutations?: ReadonlySet<MutationName>;
  /** State recovered from storage when the node restarts; absent for a fresh node. */
  restored?: { hardState: HardState; entries: readonly Entry[] };
}
