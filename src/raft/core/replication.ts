import { invariantBroken } from "./invariants.js";
import type { NodeState } from "./node-state.js";
import type { Progress } from "./progress.js";
import { majority, quorumMatchIndex } from "./quorum.js";
import { entrySizeBytes } from "./raft-log.js";
import { onCommitAdvanced } from "./read-index.js";
import type { AppendRequest, AppendResponse, Entry, HeartbeatRequest, NodeId } from "./types.js";

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
  // Nothing to send, the common end of every stream (each append answer asks again): decided
  // before looking anything up in the log.
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
  if (entries.length === 0 && !options.sendIfEmpty) return false;
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
  progress.contactedSinceHeartbeat = true;
  const lastIndex = prevLogIndex + entries.length;
  let bytes = 0;
  for (const entry of entries) bytes += entrySizeBytes(entry);
  progress.sent(entries.length, lastIndex, bytes);
  return true;
}

/** Streams appends to `to` while its window allows and entries remain (bounded by the window). */
function sendAppendsWhileAllowed(state: NodeState, to: NodeId, progress: Progress): void {
  for (let count = 0; count <= state.config.maxInflightMessages; count++) {
    if (!sendAppend(state, to, progress, onlyIfEntries)) break;
  }
}

const onlyIfEntries = { sendIfEmpty: false };
const evenIfEmpty = { sendIfEmpty: true };

/**
 * The leader's work deferred to the next Ready, so everything proposed since the last one goes
 * out as one batch per follower, and the heartbeat round that confirms new reads.
 *
 * A new commit index is not broadcast on its own: it rides on the next append or heartbeat to
 * each follower (an append carries the leader's commit, a heartbeat min(commit, match)), and a
 * follower the leader has not contacted for a heartbeat interval gets a periodic heartbeat. So
 * a follower learns a commit with the next client operation or within two heartbeat intervals
 * when the cluster is idle. Sending an empty append for each commit (etcd's broadcast on commit)
 * cost an append and its answer for most followers for most writes (a sixth of all messages in
 * the simulator's benchmark), and only followers' state machines wait for it: the leader answers
 * the client and serves reads.
 */
export function flushLeaderSends(state: NodeState): void {
  if (state.role !== "leader") return;
  if (state.appendBroadcastPending) {
    const { otherPeers, progressList } = state;
    for (let position = 0; position < otherPeers.length; position++) {
      sendAppendsWhileAllowed(state, otherPeers[position]!, progressList[position]!);
    }
    state.appendBroadcastPending = false;
  }
  if (state.heartbeatBroadcastPending) broadcastHeartbeat(state, { periodic: false });
}

/** Whether `flushLeaderSends` would send anything. */
export function hasLeaderSendsPending(state: NodeState): boolean {
  if (state.role !== "leader") return false;
  return state.appendBroadcastPending || state.heartbeatBroadcastPending;
}

/**
 * Heartbeats carry min(commit, follower match) — never an index the follower is not known to
 * hold — and the newest unconfirmed read's round, so lost confirmations are retried.
 *
 * A read round (`periodic: false`) goes only to as many followers as a quorum needs besides the
 * leader — 2 of 4 in a 5-node cluster — preferring those that answered within the last interval
 * or two and, among them, those the leader has sent nothing this interval (they are owed a
 * heartbeat anyway). Sending it to every follower doubled the messages of every read, and the
 * answers beyond a quorum confirm nothing more. The round is retried to everyone once overdue:
 * see `sendPeriodicHeartbeats`.
 */
export function broadcastHeartbeat(state: NodeState, options: { periodic: boolean }): void {
  const context = state.reads.lastPendingRound();
  if (options.periodic) sendPeriodicHeartbeats(state, context);
  else sendReadRound(state, context);
  state.heartbeatBroadcastPending = false;
}

/**
 * A periodic heartbeat (from `tick`) keeps a follower from starting an election and retries a
 * read round. A follower that was sent an append or a heartbeat since the previous periodic
 * heartbeat needs it only when a read round is overdue (out since before the previous periodic
 * heartbeat) and did not go to it, so it is skipped otherwise. Every follower still hears from
 * the leader at least once per heartbeat interval; without the skip, a leader under steady load
 * sent a heartbeat beside nearly every append. Liveness does not lean on the skipped answers: a
 * leader that stops sending appends (its window full of lost ones) is back to heartbeats at the
 * next interval, and their answers drive retransmission.
 */
function sendPeriodicHeartbeats(state: NodeState, context: string): void {
  const overdue = state.reads.isRoundOverdue();
  let carried = false;
  const { otherPeers, progressList } = state;
  for (let position = 0; position < otherPeers.length; position++) {
    const progress = progressList[position]!;
    const skip =
      progress.contactedSinceHeartbeat &&
      (context === "" || progress.roundSentSinceHeartbeat === context || !overdue);
    progress.startInterval();
    if (skip) continue;
    sendHeartbeat(state, otherPeers[position]!, progress, context);
    carried = true;
  }
  state.reads.notePeriod();
  if (carried) state.reads.noteSent(context);
}

/** The heartbeats of a read round, to the followers `readRoundTargetTier` ranks first. */
function sendReadRound(state: NodeState, context: string): void {
  let needed = majority(state.voterCount) - 1;
  const { otherPeers, progressList } = state;
  for (let tier = 0; tier <= lastTargetTier && needed > 0; tier++) {
    for (let position = 0; position < otherPeers.length; position++) {
      const progress = progressList[position]!;
      if (progress.roundSentSinceHeartbeat === context) continue;
      if (readRoundTargetTier(progress) !== tier) continue;
      progress.contactedSinceHeartbeat = true;
      progress.roundSentSinceHeartbeat = context;
      sendHeartbeat(state, otherPeers[position]!, progress, context);
      if (--needed === 0) break;
    }
  }
  state.reads.noteSent(context);
}

const lastTargetTier = 2;

/** 0: answered lately and owed a heartbeat; 1: answered lately; 2: silent lately. */
function readRoundTargetTier(progress: Progress): number {
  if (!progress.isResponsive()) return 2;
  return progress.contactedSinceHeartbeat ? 1 : 0;
}

function sendHeartbeat(state: NodeState, to: NodeId, progress: Progress, context: string): void {
  const message: HeartbeatRequest = {
    type: "heartbeat",
    from: state.id,
    to,
    term: state.term,
    commit: Math.min(state.log.committed, progress.match),
    context,
  };
  state.send(message);
}

/**
 * Commits the highest index a majority holds — only if its entry is of the current term
 * (section 5.4.2): an entry of a prior term is committed indirectly, by the commit of a later
 * one. Returns whether the commit index advanced.
 */
export function maybeCommit(state: NodeState): boolean {
  // Runs on every append answer: the match indexes go into one array kept for the purpose, the
  // leader's own first, then its followers' in peer order (one per voter: the array's length).
  const matches = state.matchScratch;
  matches[0] = state.log.lastIndex();
  const { progressList } = state;
  for (let position = 0; position < progressList.length; position++) {
    matches[position + 1] = progressList[position]!.match;
  }
  const candidate = quorumMatchIndex(matches);
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

/** Leader: a follower answered an append. */
export function handleAppendResponse(state: NodeState, message: AppendResponse): void {
  const progress = state.progress.get(message.from)!;
  progress.heardSinceHeartbeat = true;
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
  sendAppend(state, message.from, progress, evenIfEmpty);
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
export function retransmitTicks(state: NodeState): number {
  return Math.max(2, Math.ceil(state.config.electionTicks / 2));
}

/** Leader, every tick: followers with something unanswered wait one tick longer. */
export function tickProgress(state: NodeState): void {
  const { progressList } = state;
  for (let position = 0; position < progressList.length; position++) {
    const progress = progressList[position]!;
    progress.stalledTicks = progress.isAwaitingAnswer() ? progress.stalledTicks + 1 : 0;
  }
}

/**
 * Leader: a follower answered a heartbeat, so it is reachable. If what was sent to it has waited
 * past the retransmission timeout, it is taken as lost and the follower is probed again. A
 * lagging follower with nothing out gets its append now.
 */
export function handleHeartbeatResponseProgress(state: NodeState, from: NodeId): void {
  const progress = state.progress.get(from)!;
  progress.heardSinceHeartbeat = true;
  if (progress.stalledTicks >= retransmitTicks(state)) {
    // A lost probe is resent where it was; lost streamed appends are resent from the match.
    progress.becomeProbe(progress.state === "probe" ? progress.next : progress.match + 1);
  }
  if (progress.match >= state.log.lastIndex()) return;
  if (progress.state === "probe") sendAppend(state, from, progress, evenIfEmpty);
  else sendAppendsWhileAllowed(state, from, progress);
}
