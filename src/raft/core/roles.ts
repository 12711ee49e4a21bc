import { invariantBroken } from "./invariants.js";
import type { NodeState } from "./node-state.js";
import type { NodeId } from "./types.js";

/** Moves to a newer term; the vote is cleared (it was for the old term). */
export function setTerm(state: NodeState, term: number): void {
  if (!(term > state.term))
    invariantBroken(
      state,
      state.log.lastIndex(),
      `term would not increase: ${term} after ${state.term}`,
    );
  state.term = term;
  state.vote = null;
}

/** Records this term's vote: at most one candidate per term (Figure 2, RequestVote). */
export function recordVote(state: NodeState, candidate: NodeId): void {
  if (!(state.vote === null || state.vote === candidate))
    invariantBroken(
      state,
      state.log.lastIndex(),
      `second vote in one term: for ${candidate} after ${state.vote}`,
    );
  state.vote = candidate;
}

/**
 * Restarts the election timer with a fresh random timeout in [electionTicks, 2 * electionTicks)
 * (section 5.2: randomized timeouts make split votes rare).
 */
export function resetElectionTimer(state: NodeState): void {
  const ticks = state.config.electionTicks;
  state.electionElapsed = 0;
  state.electionTimeout = ticks + Math.min(ticks - 1, Math.floor(state.config.random() * ticks));
}

/** Leaving the leader role forgets per-follower progress and every unconfirmed read. */
function leaveRole(state: NodeState): void {
  state.progress.clear();
  state.progressList = [];
  state.reads.clear();
  state.votes.clear();
  state.appendBroadcastPending = false;
  state.heartbeatBroadcastPending = false;
  state.uncommittedBytes = 0;
  state.heartbeatElapsed = 0;
}

/**
 * Becomes a follower of `term` (a newer term, or the current one on meeting its leader or losing
 * an election). The election timer is NOT restarted here: Figure 2 restarts it only on hearing
 * the current leader or granting a vote (the callers do that). Restarting it on every newer term
 * would let candidates with stale logs, which cannot win, keep resetting the one node that could.
 */
export function becomeFollower(state: NodeState, term: number, leader: NodeId | null): void {
  if (term !== state.term) setTerm(state, term);
  leaveRole(state);
  state.role = "follower";
  state.leader = leader;
}

/** Starts a new term as a candidate that votes for itself. */
export function becomeCandidate(state: NodeState): void {
  if (!(state.role !== "leader"))
    invariantBroken(state, state.log.lastIndex(), "a leader cannot become candidate");
  setTerm(state, state.term + 1);
  leaveRole(state);
  recordVote(state, state.id);
  state.role = "candidate";
  state.leader = null;
  state.votes.set(state.id, true);
  resetElectionTimer(state);
}
