import type { NodeId } from "./types.js";

export interface PendingRead {
  /** The host's context, handed back in the ReadState. */
  context: string;
  /**
   * The heartbeat round that confirms this read, unique for the node's lifetime. Heartbeats carry
   * it instead of the host's context, so an answer to an older round can never confirm a newer
   * read, even if a host reused a context string.
   */
  round: string;
  /** The round as a number: rounds count up from 1, one per read. */
  roundNumber: number;
  /** The leader's commit index when the read arrived: the read may be served once applied here. */
  index: number;
  /** Voters that answered a heartbeat of this round, the leader first (it counts itself). */
  acknowledgements: NodeId[];
}

/**
 * A leader's reads (etcd's readOnly, in its "safe" mode): `pending` ones wait for a quorum to
 * confirm the leadership; `deferred` ones arrived before the leader had committed an entry of its
 * own term, so its commit index could still be behind the cluster's (section 8 of the paper).
 */
export class ReadIndexQueue {
  /**
   * Every round from pending[0]'s on, in order and without gaps: each read gets the next round
   * number, and reads leave only as a prefix (released) or all at once (cleared). So a round's
   * read is found by subtraction, with no map from round to read to keep up at every read.
   */
  private pending: PendingRead[] = [];
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
    const taken = this.deferred;
    this.deferred = [];
    this.deferredContexts.clear();
    return taken;
  }

  /** A read arriving at `leader` with commit index `index`; the leader acknowledges it at once. */
  add(context: string, index: number, leader: NodeId): void {
    const roundNumber = ++this.lastRound;
    const pending: PendingRead = {
      context,
      round: String(roundNumber),
      roundNumber,
      index,
      acknowledgements: [leader],
    };
    this.pending.push(pending);
    this.pendingContexts.add(pending.context);
  }

  /** The pending read of `round` (as a heartbeat answer names it), if there is one. */
  get(round: string): PendingRead | undefined {
    const first = this.pending[0];
    if (first === undefined) return undefined;
    const position = Number(round) - first.roundNumber;
    if (!(position >= 0 && position < this.pending.length)) return undefined;
    const read = this.pending[Math.floor(position)];
    // Compared as strings too: "07" or "7.0" names no round, though it reads as the number 7.
    return read !== undefined && read.round === round ? read : undefined;
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
    return this.sentRound !== "" && this.get(this.sentRound) !== undefined;
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
    for (const read of released) this.pendingContexts.delete(read.context);
    return released;
  }

  /** Forgets every read (leadership lost); round numbers keep counting up. */
  clear(): void {
    this.pending = [];
    this.pendingContexts.clear();
    this.takeDeferred();
  }
}
