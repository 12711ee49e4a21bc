import { stepFollower } from "./follower.js";
import { becomeLeader } from "./leader.js";
import type { NodeState } from "./node-state.js";
import type { Message, VoteRequest, VoteResponse } from "./types.js";

/** Follower or candidate, every tick: once the election timeout has passed, campaign. */
export function tickElection(state: NodeState): void {
  state.electionElapsed++;
  if (state.electionElapsed >= state.electionTimeout) campaign(state);
}

/** Starts an election: a new term, a vote for itself, vote requests to every other voter. */
export function campaign(state: NodeState): void {
  if (state.role === "leader") return;
  state.becomeCandidate();
  if (state.tracker.voteOutcome() === "won") {
    becomeLeader(state);
    return;
  }
  for (const peer of state.tracker.followers) {
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

/** A candidate's messages of its own term (`step` has settled the term). */
export function stepCandidate(state: NodeState, message: Message): void {
  switch (message.type) {
    case "append":
    case "heartbeat":
      // Someone else won this term: follow it.
      state.becomeFollower(state.term, message.from);
      stepFollower(state, message);
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

/**
 * RequestVote (Figure 2): grant if we have not voted for another candidate this term — nor know
 * a leader of it (etcd's rule: a node following a live leader does not help unseat it) — and the
 * candidate's log is at least as up to date as ours (section 5.4.1). Granting restarts our timer.
 */
export function handleVoteRequest(state: NodeState, message: VoteRequest): void {
  const canVote = state.vote === message.from || (state.vote === null && state.leader === null);
  const granted = canVote && state.log.isUpToDate(message.lastLogIndex, message.lastLogTerm);
  if (granted) {
    state.recordVote(message.from);
    state.resetElectionTimer();
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
function handleVoteResponse(state: NodeState, message: VoteResponse): void {
  state.tracker.recordVote(message.from, message.granted);
  const outcome = state.tracker.voteOutcome();
  if (outcome === "won") becomeLeader(state);
  else if (outcome === "lost") state.becomeFollower(state.term, null);
}
