/**
 * The frames a proxy holds back, each with the time it is due. Frames without reordering keep
 * FIFO order among themselves (a frame is never due before the one before it, as on a slow TCP
 * link); a reordered frame is due later than its own delay says and does not hold up the frames
 * behind it, which is how they overtake it. Bounded: beyond `framesMax` held frames, new ones are
 * dropped and counted.
 */
export interface ScheduledFrame {
  dueMs: number;
  /** Arrival order, to keep equal due times in FIFO order. */
  sequence: number;
  payload: Uint8Array;
}

export class FrameSchedule {
  private frames: ScheduledFrame[] = [];
  private lastInOrderDueMs = 0;
  private nextSequence = 0;
  private overflowCount = 0;

  constructor(private readonly framesMax: number) {}

  get length(): number {
    return this.frames.length;
  }

  /** Frames refused because the schedule was full. */
  get overflowed(): number {
    return this.overflowCount;
  }

  /** Adds a frame due `delayMs` (+ `holdMs` when reordered) after `nowMs`; false if full. */
  add(options: {
    payload: Uint8Array;
    nowMs: number;
    delayMs: number;
    reordered: boolean;
    holdMs: number;
  }): boolean {
    if (this.frames.length >= this.framesMax) {
      this.overflowCount += 1;
      return false;
    }
    const { nowMs, delayMs } = options;
    let dueMs: number;
    if (options.reordered) {
      dueMs = nowMs + delayMs + options.holdMs;
    } else {
      dueMs = Math.max(this.lastInOrderDueMs, nowMs + delayMs);
      this.lastInOrderDueMs = dueMs;
    }
    this.insert({ dueMs, sequence: this.nextSequence++, payload: options.payload });
    return true;
  }

  /** The earliest due time, or null when nothing is held. */
  nextDueMs(): number | null {
    return this.frames[0]?.dueMs ?? null;
  }

  /** Removes and returns the frames due at `nowMs`, in delivery order. */
  takeDue(nowMs: number): Uint8Array[] {
    let count = 0;
    while (count < this.frames.length && this.frames[count]!.dueMs <= nowMs) count += 1;
    return this.frames.splice(0, count).map((frame) => frame.payload);
  }

  clear(): void {
    this.frames = [];
  }

  /** Sorted insert (binary search); held frames are few, so an array is enough. */
  private insert(frame: ScheduledFrame): void {
    let low = 0;
    let high = this.frames.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.frames[middle]!;
      const before =
        other.dueMs < frame.dueMs ||
        (other.dueMs === frame.dueMs && other.sequence < frame.sequence);
      if (before) low = middle + 1;
      else high = middle;
    }
    this.frames.splice(low, 0, frame);
  }
}
