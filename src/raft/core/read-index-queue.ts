import type { NodeId } from "./types.js";

export interface PendingRead {
  context: string;
  /** The leader's commit index when the read arrived: the read may be served once applied here. */
  index: number;
  /** Voters that answered a heartbeat carrying this context (the leader counts itself). */
  acknowledgements: Set<NodeId>;
}

/**
 * A leader's reads (etcd's readOnly, in its "safe" mode): `pending` ones wait for a quorum to
 * confirm the leadership; `deferred` ones arrived before the leader had committed an entry of its
 * own term, so its commit index could still be behind the cluster's (section 8 of the paper).
 */
export class ReadIndexQueue {
  private pending: PendingRead[] = [];
  private readonly pendingByContext = new Map<string, PendingRead>();
  private deferred: string[] = [];
  private readonly deferredContexts = new Set<string>();

  get size(): number {
    return this.pending.length + this.deferred.length;
  }

  has(context: string): boolean {
    return this.pendingByContext.has(context) || this.deferredContexts.has(context);
  }

  defer(context: string): void {
    this.deferred.push(context);
    this.deferredContexts.add(context);
  }

  takeDeferred(): string[] {
    const taken = this.deferred;
    this.deferred = [];
    this.deferredContexts.clear();
    return taken;
  }

  add(read: PendingRead): void {
    this.pending.push(read);
    this.pendingByContext.set(read.context, read);
  }

  get(context: string): PendingRead | undefined {
    return this.pendingByContext.get(context);
  }

  /** The newest pending context, which a heartbeat carries ("" when none). */
  lastPendingContext(): string {
    return this.pending[this.pending.length - 1]?.context ?? "";
  }

  /**
   * Removes and returns every read up to and including `context`, in order. A quorum that
   * answered a heartbeat sent after a read arrived confirms the leadership for every earlier read
   * too, since those heartbeats were sent after all of them arrived.
   */
  releaseThrough(context: string): PendingRead[] {
    const position = this.pending.findIndex((read) => read.context === context);
    if (position < 0) return [];
    const released = this.pending.slice(0, position + 1);
    this.pending = this.pending.slice(position + 1);
    for (const read of released) this.pendingByContext.delete(read.context);
    return released;
  }

  clear(): void {
    this.pending = [];
    this.pendingByContext.clear();
    this.takeDeferred();
  }
}
