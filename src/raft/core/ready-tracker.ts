import { RaftInputError } from "./errors.js";
import { flushLeaderSends, hasLeaderSendsPending } from "./leader.js";
import type { NodeState } from "./node-state.js";
import type { HardState, Ready, SoftState } from "./types.js";

/**
 * Builds Readys and remembers what was handed out (etcd's RawNode bookkeeping): the last soft and
 * hard state emitted, so a Ready carries them only when they changed, and the Ready awaiting
 * `advance`, whose persisted entries and applied entries `advance` then acknowledges.
 */
export class ReadyTracker {
  private lastSoftState: SoftState;
  private lastHardState: HardState;
  private outstanding: Ready | null = null;

  constructor(state: NodeState) {
    this.lastSoftState = softStateOf(state);
    this.lastHardState = hardStateOf(state);
  }

  hasReady(state: NodeState): boolean {
    if (this.outstanding !== null) return false;
    const soft = this.lastSoftState;
    const hard = this.lastHardState;
    return (
      state.role !== soft.role ||
      state.term !== soft.term ||
      state.leader !== soft.leader ||
      state.term !== hard.term ||
      state.vote !== hard.vote ||
      state.log.committed !== hard.commit ||
      state.log.hasUnstableEntries() ||
      state.log.committed > state.log.applied ||
      state.hasOutput() ||
      hasLeaderSendsPending(state)
    );
  }

  ready(state: NodeState): Ready {
    if (this.outstanding !== null) {
      throw new RaftInputError(
        state.id,
        "ready() called again before advance() of the previous Ready",
      );
    }
    flushLeaderSends(state);
    const last = this.lastHardState;
    const softChanged = !sameSoftState(state, this.lastSoftState);
    const termOrVoteChanged = state.term !== last.term || state.vote !== last.vote;
    const hardChanged = termOrVoteChanged || state.log.committed !== last.commit;
    const entries = state.log.unstableEntries();
    const ready: Ready = {
      softState: softChanged ? softStateOf(state) : null,
      hardState: hardChanged ? hardStateOf(state) : null,
      entries,
      committedEntries: state.log.entriesBetween(state.log.applied + 1, state.log.committed),
      messages: state.takeMessages(),
      readStates: state.takeReadStates(),
      // Commit alone needs no sync: a commit index lost in a crash is learned again from the leader.
      mustSync: entries.length > 0 || termOrVoteChanged,
    };
    if (ready.softState !== null) this.lastSoftState = ready.softState;
    if (ready.hardState !== null) this.lastHardState = ready.hardState;
    this.outstanding = ready;
    return ready;
  }

  /**
   * The host persisted, sent and applied `ready`. Its entries count as persisted up to the highest
   * one still in the log: a conflict between `ready()` and `advance()` may have replaced a suffix,
   * and the replacement goes out in the next Ready. (An entry with the same index and term is the
   * same entry, and so is every entry before it: the Log Matching Property.)
   */
  advance(state: NodeState, ready: Ready): void {
    if (this.outstanding === null || ready !== this.outstanding) {
      throw new RaftInputError(
        state.id,
        "advance() called with a Ready that is not the one outstanding",
      );
    }
    for (let position = ready.entries.length - 1; position >= 0; position--) {
      const entry = ready.entries[position]!;
      if (state.log.termAt(entry.index) !== entry.term) continue;
      state.log.stableTo(entry.index, entry.term);
      break;
    }
    const lastApplied = ready.committedEntries[ready.committedEntries.length - 1];
    if (lastApplied !== undefined) state.log.appliedTo(lastApplied.index);
    this.outstanding = null;
  }
}

function softStateOf(state: NodeState): SoftState {
  return { role: state.role, term: state.term, leader: state.leader };
}

function hardStateOf(state: NodeState): HardState {
  return { term: state.term, vote: state.vote, commit: state.log.committed };
}

function sameSoftState(left: SoftState | NodeState, right: SoftState): boolean {
  return left.role === right.role && left.term === right.term && left.leader === right.leader;
}
