import type { NodeState } from "./node-state.js";
import { Progress } from "./progress.js";
import { voteOutcome } from "./quorum.js";
import { appendAsLeader } from "./replication.js";
import { becomeCandidate, becomeFollower, recordVote, resetElectionTimer } from "./roles.js";
import type { VoteRequest, VoteResponse } from "./types.js";

/** Starts an election: a new term, a vote for itself, vote requests to every other voter. */
export function campaign(state: NodeState): void {
  if (state.role === "leader") return;
  becomeCandidate(state);
  if (voteOutcome(state.votes, state.voterCount) === "won") {
    becomeLeader(state);
    return;
  }
  for (const peer of state.otherPeers) {
    const request: VoteRequest = {
      type: "vote",
      from: state.id,
      to: peer,
      term: state.term,
      lastLogIndex: state.log.lastIndex(),
      lastLogTerm: state.log.lastTerm(),
    };
    state.send(request);
  }
}

/**
 * Becomes leader: every follower is probed from just after our last entry, and an empty entry of
 * the new term is appended (section 8): committing it commits everything before it and lets
 * reads be served.
 */
export function becomeLeader(state: NodeState): void {
  state.role = "leader";
  state.leader = state.id;
  state.votes.clear();
  state.heartbeatElapsed = 0;
  state.uncommittedBytes = 0;
  state.progressList = [];
  for (const peer of state.otherPeers) {
    const progress = new Progress({
      next: state.log.lastIndex() + 1,
      maxInflightMessages: state.config.maxInflightMessages,
      maxInflightBytes: state.config.maxInflightBytes,
    });
    state.progress.set(peer, progress);
    state.progressList.push(progress);
  }
  appendAsLeader(state, [new Uint8Array(0)]);
}

/**
 * RequestVote (Figure 2): grant if we have not voted for another candidate this term — nor know
 * a leader of it (etcd's rule: a node following a live leader does not help unseat it) — and the
 * candidate's log is at least as up to date as ours (section 5.4.1). Granting restarts our timer.
 */
export function handleVoteRequest(state: NodeState, message: VoteRequest): void {
  const canVote = state.vote === message.from || (state.vote === null && state.leader === null);
  const granted = canVote && state.log.isUpToDate(message.lastLogIndex, message.lastLogTerm);
  if (granted) {
    recordVote(state, message.from);
    resetElectionTimer(state);
  }
  const response: VoteResponse = {
    type: "vote-response",
    from: state.id,
    to: message.from,
    term: state.term,
    granted,
  };
  state.send(response);
}

/** Candidate: count a vote; a majority makes us leader, a majority against makes us follower. */
export function handleVoteResponse(state: NodeState, message: VoteResponse): void {
  state.votes.set(message.from, message.granted);
  const outcome = voteOutcome(state.votes, state.voterCount);
  if (outcome === "won") becomeLeader(state);
  else if (outcome === "lost") becomeFollower(state, state.term, null);
}
