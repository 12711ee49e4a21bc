import type { NodeId, Role } from "./types.js";

/**
 * Why a proposal or a read was refused before it could take effect (it certainly did not
 * happen): `not-leader` — ask `leaderHint` (null when unknown); `overloaded` — the leader's bound
 * on uncommitted entries or pending reads is reached; retry later.
 */
export type RefusalReason = "not-leader" | "overloaded";

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  leaderHint: NodeId | null;
}

/** A proposal was appended to the leader's log at `index` in `term` (not yet committed). */
export type ProposeResult = { ok: true; index: number; term: number } | Refusal;

/**
 * A read was accepted: a ReadState with the same context follows in a later Ready once the
 * leader has confirmed its leadership. If the node stops being leader first, no ReadState comes
 * (the host sees the role change in `softState` and must answer the read as refused).
 */
export type ReadIndexResult = { ok: true } | Refusal;

export type ProgressState = "probe" | "replicate";

/** What a leader knows of one follower's log (etcd's tracker.Progress). */
export interface ProgressStatus {
  /** Highest index known to match the leader's log. */
  match: number;
  /** Next index to send. */
  next: number;
  state: ProgressState;
  /** Append messages sent and not yet acknowledged (replicate state). */
  inflightMessages: number;
}

export interface RaftStatus {
  id: NodeId;
  role: Role;
  term: number;
  leader: NodeId | null;
  vote: NodeId | null;
  commitIndex: number;
  lastIndex: number;
  lastTerm: number;
  appliedIndex: number;
  /** Per follower, on a leader only. */
  progress?: Record<NodeId, ProgressStatus>;
}
