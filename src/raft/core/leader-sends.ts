import { invariantBroken } from "./invariants.js";
import type { NodeState } from "./node-state.js";
import { majority } from "./quorum/majority.js";
import { entrySizeBytes } from "./raft-log.js";
import type { Progress } from "./tracker/progress.js";
import type { AppendRequest, HeartbeatRequest, NodeId } from "./types.js";

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
  progress.contactedSinceHeartbeat = true;
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
 * follower learns a commit with the next client operation, or within two heartbeat intervals when
 * the cluster is idle. Only followers' state machines wait for it: the leader answers the client
 * and serves reads. (docs/performance.md: an empty append per commit, as etcd sends, was a sixth
 * of all messages in the simulator's benchmark.)
 */
export function flushLeaderSends(state: NodeState): void {
  if (state.role !== "leader") return;
  if (state.appendBroadcastPending) {
    for (const [follower, progress] of state.tracker.allProgress()) {
      sendAppendsWhileAllowed(state, follower, progress);
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
 * heartbeat anyway). The round is retried to everyone once overdue: see `sendPeriodicHeartbeats`.
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
 * the leader at least once per heartbeat interval. Liveness does not lean on the skipped answers:
 * a leader that stops sending appends (its window full of lost ones) is back to heartbeats at
 * the next interval, and their answers drive retransmission.
 */
function sendPeriodicHeartbeats(state: NodeState, context: string): void {
  const overdue = state.reads.isRoundOverdue();
  let carried = false;
  for (const [follower, progress] of state.tracker.allProgress()) {
    const skip =
      progress.contactedSinceHeartbeat &&
      (context === "" || progress.roundSentSinceHeartbeat === context || !overdue);
    progress.startInterval();
    if (skip) continue;
    sendHeartbeat(state, follower, progress, context);
    carried = true;
  }
  state.reads.notePeriod();
  if (carried) state.reads.noteSent(context);
}

/** The heartbeats of a read round, to the followers `readRoundTargetTier` ranks first. */
function sendReadRound(state: NodeState, context: string): void {
  let needed = majority(state.tracker.voterCount) - 1;
  for (let tier = 0; tier <= lastTargetTier && needed > 0; tier++) {
    for (const [follower, progress] of state.tracker.allProgress()) {
      if (progress.roundSentSinceHeartbeat === context) continue;
      if (readRoundTargetTier(progress) !== tier) continue;
      progress.contactedSinceHeartbeat = true;
      progress.roundSentSinceHeartbeat = context;
      sendHeartbeat(state, follower, progress, context);
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
