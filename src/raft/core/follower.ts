import { handleVoteRequest } from "./election.js";
import { invariantBroken } from "./invariants.js";
import type { NodeState } from "./node-state.js";
import type { AppendRequest, AppendResponse, HeartbeatRequest, Message } from "./types.js";

/** A follower's messages of its own term (`step` has settled the term). */
export function stepFollower(state: NodeState, message: Message): void {
  switch (message.type) {
    case "append":
      state.heardFromLeader(message.from);
      handleAppend(state, message);
      return;
    case "heartbeat":
      state.heardFromLeader(message.from);
      handleHeartbeat(state, message);
      return;
    case "vote":
      handleVoteRequest(state, message);
      return;
    default:
      // Responses to a role this node no longer holds in this term: nothing to do.
      return;
  }
}

/**
 * AppendEntries (Figure 2, receiver implementation). Refuse unless the log holds prevLogIndex
 * with prevLogTerm; skip entries already held with the same term; on the first real conflict
 * drop that entry and all after it; append the rest; commit up to min(leader commit, last new
 * index). A stale, duplicated or reordered append therefore never removes a matching entry.
 */
function handleAppend(state: NodeState, message: AppendRequest): void {
  const { log } = state;
  const { prevLogIndex, prevLogTerm } = message;
  if (prevLogIndex <= log.committed && !log.matchesTerm(prevLogIndex, prevLogTerm))
    invariantBroken(
      state,
      prevLogIndex,
      `leader ${message.from} has term ${prevLogTerm} at committed index ${prevLogIndex}, we have ${log.termAt(prevLogIndex)}`,
    );
  if (!log.matchesTerm(prevLogIndex, prevLogTerm)) {
    state.send(rejection(state, message));
    return;
  }
  const { position, conflicts } = log.findFirstNew(message.entries);
  if (position < message.entries.length) {
    if (conflicts) log.truncateFrom(message.entries[position]!.index);
    log.append(message.entries.slice(position));
  }
  const lastNewIndex = prevLogIndex + message.entries.length;
  log.commitTo(Math.min(message.commit, lastNewIndex));
  state.send(appendResponse(state, message, { success: true, matchIndex: lastNewIndex }));
}

/**
 * A refusal with the hints of fast log backup: the term of our entry at prevLogIndex and the
 * first index of that term (never at or below our commit, which the leader holds too), or, when
 * our log is shorter, term 0 and our last index + 1.
 */
function rejection(state: NodeState, message: AppendRequest): AppendResponse {
  const { log } = state;
  const termHere = log.termAt(message.prevLogIndex);
  if (termHere === null) {
    return appendResponse(state, message, { success: false, conflictIndex: log.lastIndex() + 1 });
  }
  const firstOfTerm = Math.max(log.firstIndexOfTermAt(message.prevLogIndex), log.committed + 1);
  return appendResponse(state, message, {
    success: false,
    conflictIndex: firstOfTerm,
    conflictTerm: termHere,
  });
}

export function appendResponse(
  state: NodeState,
  request: AppendRequest,
  fields: { success: boolean; matchIndex?: number; conflictIndex?: number; conflictTerm?: number },
): AppendResponse {
  return {
    type: "append-response",
    from: state.id,
    to: request.from,
    term: state.term,
    success: fields.success,
    matchIndex: fields.matchIndex ?? 0,
    conflictIndex: fields.conflictIndex ?? 0,
    conflictTerm: fields.conflictTerm ?? 0,
    rejectedIndex: fields.success ? 0 : request.prevLogIndex,
  };
}

/**
 * A heartbeat. Its commit is min(leader commit, our match), so it is within our log; it is
 * clamped to our last index anyway, which is safe: our log up to our match is a prefix of the
 * leader's, and within a term we only ever received this leader's entries.
 */
function handleHeartbeat(state: NodeState, message: HeartbeatRequest): void {
  state.log.commitTo(Math.min(message.commit, state.log.lastIndex()));
  state.send({
    type: "heartbeat-response",
    from: state.id,
    to: message.from,
    term: state.term,
    context: message.context,
  });
}
