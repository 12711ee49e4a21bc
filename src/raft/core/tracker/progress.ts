import type { ProgressState, ProgressStatus } from "../results.js";
import type { NodeId } from "../types.js";
import { Inflights } from "./inflights.js";

/**
 * What a leader knows of one follower (etcd's tracker.Progress). In `probe` state the leader
 * sends one append and waits for its answer (or the next heartbeat response) before the next:
 * it is still searching for where the logs match. In `replicate` state it streams appends
 * optimistically, bounded by the in-flight window.
 */
export class Progress {
  match = 0;
  next: number;
  state: ProgressState = "probe";
  /** Probe state: an append is out and unanswered. */
  probeSent = false;
  readonly inflights: Inflights;
  /**
   * Leader ticks during which appends (or a probe) were out and none was answered. Past the
   * retransmission timeout the leader takes them as lost and probes again. Without this, a
   * dropped append with nothing proposed after it would never be resent (etcd relies on the
   * transport reporting unreachable peers instead).
   */
  stalledTicks = 0;
  /** An append went to this follower since the leader's previous periodic heartbeat. */
  appendSentSinceHeartbeat = false;

  constructor(
    readonly follower: NodeId,
    options: { next: number; maxInflightMessages: number; maxInflightBytes: number },
  ) {
    this.next = options.next;
    this.inflights = new Inflights(options.maxInflightMessages, options.maxInflightBytes);
  }

  isPaused(): boolean {
    return this.state === "probe" ? this.probeSent : this.inflights.isFull();
  }

  becomeProbe(next: number): void {
    this.state = "probe";
    this.next = Math.max(next, this.match + 1);
    this.probeSent = false;
    this.inflights.reset();
    this.stalledTicks = 0;
  }

  becomeReplicate(): void {
    this.state = "replicate";
    this.next = this.match + 1;
    this.probeSent = false;
    this.inflights.reset();
    this.stalledTicks = 0;
  }

  /** Something sent to this follower is still unanswered. */
  isAwaitingAnswer(): boolean {
    return this.state === "probe" ? this.probeSent : this.inflights.count > 0;
  }

  /** Records an acknowledged match; false when it tells nothing new (stale or duplicated). */
  acknowledge(matchIndex: number): boolean {
    if (matchIndex <= this.match) return false;
    this.match = matchIndex;
    this.next = Math.max(this.next, matchIndex + 1);
    this.probeSent = false;
    this.stalledTicks = 0;
    if (this.state === "replicate") this.inflights.freeThrough(matchIndex);
    return true;
  }

  /** Records that an append carrying entries through `lastIndex` (`bytes` of payload) was sent. */
  sent(entryCount: number, lastIndex: number, bytes: number): void {
    if (this.state === "probe") {
      this.probeSent = true;
      this.stalledTicks = 0;
      return;
    }
    if (entryCount === 0) return;
    this.next = lastIndex + 1;
    this.inflights.add(lastIndex, bytes);
  }

  status(): ProgressStatus {
    return {
      match: this.match,
      next: this.next,
      state: this.state,
      inflightMessages: this.inflights.count,
    };
  }
}
