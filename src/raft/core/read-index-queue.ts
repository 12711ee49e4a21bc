import type { NodeId } from "./types.js";

const noContexts: readonly string[] = [];

export interface PendingRead {
  /** The host's context, handed back in the ReadState. */
  context: string;
  /**
   * The heartbeat round that confirms this read, unique for the node's lifetime. Heartbeats carry
   * it instead of the host's context, so an answer to an older round can never confirm a newer
   * read, even if a host reused a context string.
   */
  round: string;
  /** The leader's commit index when the read arrived: the read may be served once applied here. */
  index: number;
  /**
   * Voters that answered a heartbeat of this round, the leader first (it counts itself). A list:
   * it holds a handful of names at most, and a Set per read was a hash table allocated per read.
   */
  acknowledgements: NodeId[];
}

/**
 * A leader's reads (etcd's readOnly, in its "safe" mode): `pending` ones wait for a quorum to
 * confirm the leadership; `deferred` ones arrived before the leader had committed an entry of its
 * own term, so its commit index could still be behind the cluster's (section 8 of the paper).
 */
export class ReadIndexQueue {
  private pending: PendingRead[] = [];
  private readonly pendingByRound = new Map<string, PendingRead>();
  private readonly pendingContexts = new Set<string>();
  private deferred: string[] = [];
  private readonly deferredContexts = new Set<string>();
  private lastRound = 0;
  /** The newest round a heartbeat broadcast carried ("" before any). */
  private sentRound = "";
  /** Periodic heartbeats since `sentRound` first went out. */
  private sentRoundPeriods = 0;

  get size(): number {
    return this.pending.length + this.deferred.length;
  }

  has(context: string): boolean {
    return this.pendingContexts.has(context) || this.deferredContexts.has(context);
  }

  defer(context: string): void {
    this.deferred.push(context);
    this.deferredContexts.add(context);
  }

  takeDeferred(): readonly string[] {
    // Asked at every commit a leader makes; nearly always there is nothing deferred.
    if (this.deferred.length === 0) return noContexts;
    const taken = this.deferred;
    this.deferred = [];
    this.deferredContexts.clear();
    return taken;
  }

  /** A read arriving at `leader` with commit index `index`; the leader acknowledges it at once. */
  add(context: string, index: number, leader: NodeId): void {
    const pending: PendingRead = {
      context,
      round: String(++this.lastRound),
      index,
      acknowledgements: [leader],
    };
    this.pending.push(pending);
    this.pendingByRound.set(pending.round, pending);
    this.pendingContexts.add(pending.context);
  }

  get(round: string): PendingRead | undefined {
    return this.pendingByRound.get(round);
  }

  /** The newest pending round, which a heartbeat carries ("" when none). */
  lastPendingRound(): string {
    return this.pending[this.pending.length - 1]?.round ?? "";
  }

  /** A heartbeat broadcast carried `round` (the newest pending one, or ""). */
  noteSent(round: string): void {
    if (round === "" || round === this.sentRound) return;
    this.sentRound = round;
    this.sentRoundPeriods = 0;
  }

  /** A periodic heartbeat went out (or was due): the round in flight has waited one more interval. */
  notePeriod(): void {
    this.sentRoundPeriods++;
  }

  /**
   * Whether reads are pending and the round in flight went out before the previous periodic
   * heartbeat: its answers are late (a follower it went to may be down or cut off).
   */
  isRoundOverdue(): boolean {
    return this.pending.length > 0 && this.sentRoundPeriods >= 1;
  }

  /**
   * Whether a heartbeat round that confirms pending reads is out and unanswered. A read that
   * arrives meanwhile waits for the next round (etcd's batching of concurrent reads): the answers
   * to a round sent before it arrived cannot confirm it.
   */
  hasRoundInFlight(): boolean {
    return this.pendingByRound.has(this.sentRound);
  }

  /** Whether some pending read has not been carried by any heartbeat yet. */
  hasUnsentReads(): boolean {
    return this.pending.length > 0 && this.lastPendingRound() !== this.sentRound;
  }

  /**
   * Removes and returns every read up to and including `read` (one of `get`'s), in order. A
   * quorum that answered a heartbeat sent after a read arrived confirms the leadership for every
   * earlier read too, since those heartbeats were sent after all of them arrived. (Found by
   * identity: the round an answer names is a string decoded from it, equal to the read's own but
   * compared character by character.)
   */
  releaseThrough(read: PendingRead): PendingRead[] {
    let position = this.pending.length - 1;
    while (position >= 0 && this.pending[position] !== read) position--;
    if (position < 0) return [];
    const released = this.pending.splice(0, position + 1);
    for (const read of released) {
      this.pendingByRound.delete(read.round);
      this.pendingContexts.delete(read.context);
    }
    return released;
  }

  /** Forgets every read (leadership lost); round numbers keep counting up. */
  clear(): void {
    this.pending = [];
    this.pendingByRound.clear();
    this.pendingContexts.clear();
    this.takeDeferred();
  }
}
