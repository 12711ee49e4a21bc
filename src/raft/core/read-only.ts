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
  /** The leader's commit index when the read arrived: the read may be served once applied here. */
  index: number;
  /** Voters that answered a heartbeat of this round, the leader included. */
  acknowledgements: Set<NodeId>;
}

/**
 * A leader's reads (etcd's readOnly, in its "safe" mode): `pending` ones, in arrival order, wait
 * for a quorum to confirm the leadership; `deferred` ones arrived before the leader had committed
 * an entry of its own term, so its commit index could still be behind the cluster's (section 8).
 */
export class ReadOnly {
  private pending: PendingRead[] = [];
  private readonly pendingByRound = new Map<string, PendingRead>();
  private deferred: string[] = [];
  /** The contexts of every pending and deferred read. */
  private readonly contexts = new Set<string>();
  private lastRound = 0;
  /** The newest pending round when the previous heartbeat interval began ("" when none). */
  private roundAtLastInterval = "";

  get size(): number {
    return this.contexts.size;
  }

  has(context: string): boolean {
    return this.contexts.has(context);
  }

  defer(context: string): void {
    this.deferred.push(context);
    this.contexts.add(context);
  }

  takeDeferred(): string[] {
    const taken = this.deferred;
    this.deferred = [];
    for (const context of taken) this.contexts.delete(context);
    return taken;
  }

  /** A read arriving at `leader` with commit index `index`; the leader acknowledges it at once. */
  add(context: string, index: number, leader: NodeId): void {
    const read: PendingRead = {
      context,
      round: String(++this.lastRound),
      index,
      acknowledgements: new Set([leader]),
    };
    this.pending.push(read);
    this.pendingByRound.set(read.round, read);
    this.contexts.add(context);
  }

  /** The pending read of `round` (as a heartbeat answer names it), if there is one. */
  get(round: string): PendingRead | undefined {
    return this.pendingByRound.get(round);
  }

  /** The newest pending round, which every heartbeat carries ("" when none). */
  lastPendingRound(): string {
    return this.pending[this.pending.length - 1]?.round ?? "";
  }

  /**
   * A heartbeat interval begins: whether the newest pending round was already pending when the
   * previous one began, so that its answers are late (lost, or a follower is slow).
   */
  noteHeartbeatInterval(): boolean {
    const round = this.lastPendingRound();
    const overdue = round !== "" && round === this.roundAtLastInterval;
    this.roundAtLastInterval = round;
    return overdue;
  }

  /**
   * Removes and returns every read up to and including `read`, in order. A quorum that answered a
   * heartbeat sent after a read arrived confirms the leadership for every earlier read too.
   */
  releaseThrough(read: PendingRead): PendingRead[] {
    const position = this.pending.indexOf(read);
    if (position < 0) return [];
    const released = this.pending.splice(0, position + 1);
    for (const done of released) {
      this.pendingByRound.delete(done.round);
      this.contexts.delete(done.context);
    }
    return released;
  }

  /** Forgets every read (leadership lost); round numbers keep counting up. */
  clear(): void {
    this.pending = [];
    this.pendingByRound.clear();
    this.deferred = [];
    this.contexts.clear();
  }
}
