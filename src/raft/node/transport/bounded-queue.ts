/**
 * A FIFO of frames bounded by count and by bytes that, when full, drops its OLDEST frames.
 *
 * Why oldest: Raft tolerates the loss of any message, so dropping is always safe; what matters is
 * which loss hurts least. The queue fills when a peer is unreachable, paused or slow, and the
 * frames that waited longest are the most stale: heartbeats and commit indexes superseded by
 * newer ones, appends the leader will resend from the follower's reply, votes from a term that
 * has likely passed. Keeping the newest lets a peer that comes back catch up from current state.
 */
export class DropOldestQueue {
  private items: Buffer[] = [];
  private head = 0;
  private queuedBytes = 0;
  private droppedCount = 0;

  constructor(private readonly limits: { framesMax: number; bytesMax: number }) {
    if (limits.framesMax < 1 || limits.bytesMax < 1) {
      throw new Error(`queue limits must be positive, got ${JSON.stringify(limits)}`);
    }
  }

  get length(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.queuedBytes;
  }

  /** Frames dropped so far to stay within the limits. */
  get dropped(): number {
    return this.droppedCount;
  }

  push(item: Buffer): void {
    this.items.push(item);
    this.queuedBytes += item.length;
    while (this.length > this.limits.framesMax || this.queuedBytes > this.limits.bytesMax) {
      this.shift();
      this.droppedCount += 1;
    }
  }

  /** Removes and returns every queued frame, oldest first. */
  drain(): Buffer[] {
    const drained = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.queuedBytes = 0;
    return drained;
  }

  private shift(): void {
    const item = this.items[this.head]!;
    this.head += 1;
    this.queuedBytes -= item.length;
    // Compact now and then so a long-lived queue does not keep a growing dead prefix.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
