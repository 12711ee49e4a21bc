import { handleVoteRequest } from "./election.js";
import { RaftInputError } from "./errors.js";
import { invariantBroken } from "./invariants.js";
import type { NodeState } from "./node-state.js";
import { majority } from "./quorum/majority.js";
import { entrySizeBytes } from "./raft-log.js";
import { acknowledgeRead, onCommitAdvanced } from "./read-index.js";
import type { Progress } from "./tracker/progress.js";
import type {
  AppendRequest,
  AppendResponse,
  Entry,
  HeartbeatRequest,
  HeartbeatResponse,
  Message,
  NodeId,
} from "./types.js";

/**
 * Becomes leader: every follower is probed from just after our last entry, and an empty entry of
 * the new term is appended (section 8): committing it commits everything before it and lets
 * reads be served.
 */
export function becomeLeader(state: NodeState): void {
  state.becomeLeader();
  appendAsLeader(state, [new Uint8Array(0)]);
}

/** Appends entries of the leader's term at the end of its log; the leader counts them at once. */
export function appendAsLeader(state: NodeState, payloads: readonly Uint8Array[]): Entry[] {
  let index = state.log.lastIndex();
  const entries = payloads.map((data) => ({ term: state.term, index: ++index, data }));
  state.log.append(entries);
  for (const entry of entries) state.uncommittedBytes += entry.data.length;
  state.appendBroadcastPending = true;
  maybeCommit(state);
  return entries;
}

/** Leader, every tick: count how long unanswered appends wait, and heartbeat when due. */
export function tickLeader(state: NodeState): void {
  for (const progress of state.tracker.allProgress()) {
    progress.stalledTicks = progress.isAwaitingAnswer() ? progress.stalledTicks + 1 : 0;
  }
  state.heartbeatElapsed++;
  if (state.heartbeatElapsed >= state.config.heartbeatTicks) {
    state.heartbeatElapsed = 0;
    sendPeriodicHeartbeats(state);
  }
}

/** A leader's messages of its own term (`step` has settled the term). */
export function stepLeader(state: NodeState, message: Message): void {
  switch (message.type) {
    case "append-response":
      // Impossible input, refused before anything changes (the term is ours: see `step`).
      if (message.success && message.matchIndex > state.log.lastIndex()) {
        throw new RaftInputError(
          state.id,
          `append-response from ${message.from} acknowledges index ${message.matchIndex} beyond our last index ${state.log.lastIndex()}`,
        );
      }
      handleAppendResponse(state, message);
      return;
    case "heartbeat-response":
      handleHeartbeatResponse(state, message);
      return;
    case "vote":
      handleVoteRequest(state, message);
      return;
    default:
      // Late votes. (An append or heartbeat of our own term would be a second leader: `step`
      // refuses it as a broken invariant before it gets here.)
      return;
  }
}

/**
 * Commits the highest index a majority holds — only if its entry is of the current term
 * (section 5.4.2): an entry of a prior term is committed indirectly, by the commit of a later
 * one. Returns whether the commit index advanced.
 */
export function maybeCommit(state: NodeState): boolean {
  const candidate = state.tracker.committedIndex(state.log.lastIndex());
  if (candidate <= state.log.committed) return false;
  // Mutation `commit-prior-term` (the Figure 8 bug): commit an entry of a prior term as soon as a
  // majority holds it. A later leader that never saw it can still overwrite it.
  const countsPriorTerms = state.hasMutation("commit-prior-term");
  if (state.log.termAt(candidate) !== state.term && !countsPriorTerms) return false;
  const previousCommit = state.log.committed;
  state.log.commitTo(candidate);
  const committedBytes = state.log.dataBytesBetween(previousCommit + 1, candidate);
  state.uncommittedBytes = Math.max(0, state.uncommittedBytes - committedBytes);
  onCommitAdvanced(state);
  return true;
}

/** A follower answered an append: on success it matches further; on refusal, probe back. */
function handleAppendResponse(state: NodeState, message: AppendResponse): void {
  const progress = state.tracker.progress(message.from);
  if (message.success) {
    const wasProbe = progress.state === "probe";
    if (!progress.acknowledge(message.matchIndex)) return;
    if (wasProbe) progress.becomeReplicate();
    maybeCommit(state);
    sendAppendsWhileAllowed(state, message.from, progress);
    return;
  }
  if (isStaleRejection(progress, message)) return;
  progress.becomeProbe(nextAfterRejection(state, message));
  sendAppend(state, message.from, progress, { sendIfEmpty: true });
}

/**
 * A rejection of an append the leader has since moved past (etcd: in replicate state, one at or
 * below the match; in probe state, one not for the probe currently out).
 */
function isStaleRejection(progress: Progress, message: AppendResponse): boolean {
  if (progress.state === "replicate") return message.rejectedIndex <= progress.match;
  return message.rejectedIndex !== progress.next - 1;
}

/**
 * Fast log backup (section 5.3): if the leader holds entries of the follower's conflicting term,
 * resume after its last one; otherwise from the follower's first index of that term (or the end
 * of its shorter log). Never at or below the known match, never beyond the rejected index.
 */
function nextAfterRejection(state: NodeState, message: AppendResponse): number {
  let next = message.conflictIndex;
  if (message.conflictTerm > 0) {
    const last = state.log.lastIndexOfTerm(message.conflictTerm, message.rejectedIndex);
    if (last !== null) next = last + 1;
  }
  return Math.max(1, Math.min(next, message.rejectedIndex));
}

/**
 * Leader ticks an unanswered append or probe may wait before it is taken as lost: half an
 * election timeout. Shorter would resend whenever a round trip (with the follower's sync) takes
 * more than a heartbeat interval; longer delays recovery from a lost message for nothing.
 */
function retransmitTicks(state: NodeState): number {
  return Math.max(2, Math.ceil(state.config.electionTicks / 2));
}

/**
 * A follower answered a heartbeat, so it is reachable. If what was sent to it has waited past
 * the retransmission timeout, it is taken as lost and the follower is probed again. A lagging
 * follower with nothing out gets its append now. A heartbeat that carried a read round
 * acknowledges it.
 */
function handleHeartbeatResponse(state: NodeState, message: HeartbeatResponse): void {
  const progress = state.tracker.progress(message.from);
  if (progress.stalledTicks >= retransmitTicks(state)) {
    // A lost probe is resent where it was; lost streamed appends are resent from the match.
    progress.becomeProbe(progress.state === "probe" ? progress.next : progress.match + 1);
  }
  if (progress.match < state.log.lastIndex()) {
    if (progress.state === "probe")
      sendAppend(state, message.from, progress, { sendIfEmpty: true });
    else sendAppendsWhileAllowed(state, message.from, progress);
  }
  if (message.context !== "") acknowledgeRead(state, message.context, message.from);
}

/**
 * Sends one append to `to` from its next index, unless its progress is paused or (without
 * `sendIfEmpty`) there is nothing to send. Returns whether a message went out.
 */
export function sendAppend(
  state: NodeState,
  to: NodeId,
  progress: Progress,
  options: { sendIfEmpty: boolean },
): boolean {
  if (progress.isPaused()) return false;
  if (!options.sendIfEmpty && progress.next === state.log.lastIndex() + 1) return false;
  const prevLogIndex = progress.next - 1;
  const prevLogTerm = state.log.termAt(prevLogIndex);
  if (!(prevLogTerm !== null && progress.next > progress.match))
    invariantBroken(
      state,
      progress.next,
      `next index for ${to} outside the log (match ${progress.match}, last ${state.log.lastIndex()})`,
    );
  const entries = state.log.entriesFrom(progress.next, state.config.maxMessageBytes);
  const message: AppendRequest = {
    type: "append",
    from: state.id,
    to,
    term: state.term,
    prevLogIndex,
    prevLogTerm,
    entries,
    commit: state.log.committed,
  };
  state.send(message);
  progress.appendSentSinceHeartbeat = true;
  let bytes = 0;
  for (const entry of entries) bytes += entrySizeBytes(entry);
  progress.sent(entries.length, prevLogIndex + entries.length, bytes);
  return true;
}

/** Streams appends to `to` while its window allows and entries remain (bounded by the window). */
export function sendAppendsWhileAllowed(state: NodeState, to: NodeId, progress: Progress): void {
  for (let count = 0; count <= state.config.maxInflightMessages; count++) {
    if (!sendAppend(state, to, progress, { sendIfEmpty: false })) break;
  }
}

/**
 * The leader's work deferred to the next Ready, so everything proposed since the last one goes
 * out as one batch per follower, and the heartbeat round that confirms new reads.
 *
 * A new commit index is not broadcast on its own: it rides on the next append or heartbeat to
 * each follower (an append carries the leader's commit, a heartbeat min(commit, match)). So a
 * follower learns a commit with the next client operation, or within a heartbeat interval when
 * the cluster is idle. Only followers' state machines wait for it: the leader answers the client
 * and serves reads. (docs/performance.md: an empty append per commit, as etcd sends, was a sixth
 * of all messages in the simulator's benchmark.)
 */
export function flushLeaderSends(state: NodeState): void {
  if (state.role !== "leader") return;
  if (state.appendBroadcastPending) {
    for (const progress of state.tracker.allProgress()) {
      sendAppendsWhileAllowed(state, progress.follower, progress);
    }
    state.appendBroadcastPending = false;
  }
  if (state.heartbeatBroadcastPending) broadcastHeartbeat(state);
}

/** Whether `flushLeaderSends` would send anything. */
export function hasLeaderSendsPending(state: NodeState): boolean {
  if (state.role !== "leader") return false;
  return state.appendBroadcastPending || state.heartbeatBroadcastPending;
}

/**
 * The heartbeat round for reads started since the last Ready, carrying the newest pending read's
 * round. A quorum of answers confirms every read up to that round.
 *
 * A speed trick (docs/performance.md, "Read rounds to a quorum"): the round goes to just enough
 * followers for a quorum with the leader, first those with no append waiting for an answer. If
 * one of them does not answer, the round becomes overdue and the periodic heartbeat carries it to
 * every follower.
 */
export function broadcastHeartbeat(state: NodeState): void {
  const round = state.reads.lastPendingRound();
  let needed = majority(state.tracker.voterCount) - 1;
  for (const answering of [true, false]) {
    for (const progress of state.tracker.allProgress()) {
      if (needed === 0) break;
      if ((progress.stalledTicks === 0) !== answering) continue;
      sendHeartbeat(state, progress.follower, progress, round);
      needed--;
    }
  }
  state.heartbeatBroadcastPending = false;
}

/**
 * Every heartbeat interval (from `tick`): a heartbeat keeps a follower from campaigning, and
 * carries the newest pending read round, so a round whose answers were lost is retried. It goes
 * to each follower that `isHeartbeatOwed`.
 */
function sendPeriodicHeartbeats(state: NodeState): void {
  const round = state.reads.lastPendingRound();
  const roundOverdue = state.reads.noteHeartbeatInterval();
  for (const progress of state.tracker.allProgress()) {
    if (isHeartbeatOwed(progress, roundOverdue)) {
      sendHeartbeat(state, progress.follower, progress, round);
    }
    progress.appendSentSinceHeartbeat = false;
  }
}

/**
 * A speed trick (docs/performance.md, "Heartbeats beside appends"): a follower that was sent an
 * append in this interval heard from the leader already, so its heartbeat is skipped, unless the
 * newest read round is overdue (pending since the previous interval) and must be retried.
 */
function isHeartbeatOwed(progress: Progress, roundOverdue: boolean): boolean {
  return roundOverdue || !progress.appendSentSinceHeartbeat;
}

/** A heartbeat carries min(commit, follower match): never an index the follower may not hold. */
function sendHeartbeat(state: NodeState, to: NodeId, progress: Progress, round: string): void {
  const message: HeartbeatRequest = {
    type: "heartbeat",
    from: state.id,
    to,
    term: state.term,
    commit: Math.min(state.log.committed, progress.match),
    context: round,
  };
  state.send(message);
}
