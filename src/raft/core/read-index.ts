import type { NodeState } from "./node-state.js";
import { majority } from "./quorum/majority.js";
import type { ReadIndexResult } from "./results.js";
import type { NodeId } from "./types.js";

/**
 * ReadIndex (section 6.4 of Ongaro's thesis, etcd's ReadOnlySafe): the leader records its commit
 * index, confirms it is still leader by a heartbeat round that a quorum answers, and only then
 * hands out a ReadState. Until it has committed an entry of its own term its commit index may lag
 * the cluster's, so reads wait (deferred) until it has. The caller has checked it is the leader.
 */
export function requestRead(state: NodeState, context: string): ReadIndexResult {
  if (state.reads.size >= state.config.maxPendingReads) {
    return { ok: false, reason: "overloaded", leaderHint: state.id };
  }
  if (hasCommittedInCurrentTerm(state)) startRead(state, context);
  else state.reads.defer(context);
  return { ok: true };
}

function hasCommittedInCurrentTerm(state: NodeState): boolean {
  return state.log.termAt(state.log.committed) === state.term;
}

/**
 * A single voter is its own quorum. Otherwise the read waits for a heartbeat round: one goes to
 * every follower with the next Ready, carrying the newest read's round (reads started before the
 * same Ready share it).
 */
function startRead(state: NodeState, context: string): void {
  const index = state.log.committed;
  if (state.tracker.voterCount === 1) {
    state.addReadState({ index, context });
    return;
  }
  state.reads.add(context, index, state.id);
  state.heartbeatBroadcastPending = true;
}

/** Leader: the commit index moved; deferred reads may start once it covers an entry of this term. */
export function onCommitAdvanced(state: NodeState): void {
  if (state.role !== "leader" || !hasCommittedInCurrentTerm(state)) return;
  for (const context of state.reads.takeDeferred()) startRead(state, context);
}

/** Leader: `from` answered a heartbeat of read round `round`. */
export function acknowledgeRead(state: NodeState, round: string, from: NodeId): void {
  const read = state.reads.get(round);
  if (read === undefined) return;
  read.acknowledgements.add(from);
  if (read.acknowledgements.size < majority(state.tracker.voterCount)) return;
  for (const released of state.reads.releaseThrough(read)) {
    state.addReadState({ index: released.index, context: released.context });
  }
}
