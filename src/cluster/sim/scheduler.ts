/**
 * Virtual time for the simulator. Events are callbacks stamped with an integer `timeNs`; events
 * at the same instant run in the order they were scheduled (a sequence counter breaks ties), so
 * a run depends only on its seed: the events run in (timeNs, sequence) order, exactly.
 *
 * A timing wheel keeps them, since nearly every event of a simulation lands a few milliseconds
 * ahead (message deliveries, disk syncs, ticks) and a binary heap paid a dozen comparisons and
 * moves to file and take each one: `bucketCount` buckets of `bucketWidthNs` each (about 1 ms,
 * about 2 s in all) hold the events ahead as unsorted chains; the bucket the wheel stands at is
 * sorted when reached, and events due in it or earlier are inserted into it in order. Events
 * beyond the wheel's reach wait in a heap until it comes near. Events live in slots (see
 * EventSlots): the queues hold slot numbers only.
 */

import { EventSlots } from "./event-slots.js";
import { SlotHeap } from "./slot-heap.js";

/** A scheduled event that may be called off before it runs. */
export interface Cancellable {
  cancelled: boolean;
}

interface CancellableEvent extends Cancellable {
  readonly action: (argument: never) => void;
  readonly argument: unknown;
}

const bucketWidthNs = 2 ** 20;
const bucketCount = 2048;
/** Buckets at most this long are sorted by insertion; longer ones by the typed array's sort. */
const insertionSortMax = 24;

export class Scheduler {
  private readonly slots = new EventSlots();
  /** The first slot of each bucket's chain, or -1. */
  private readonly bucketHeads = new Int32Array(bucketCount).fill(-1);
  /** Events waiting in bucket chains. */
  private inBuckets = 0;
  /** The bucket the wheel stands at, as an absolute number: floor(timeNs / bucketWidthNs). */
  private cursor = 0;
  /** Slots of the events due in the cursor's bucket or earlier, sorted; from `currentHead` on. */
  private current = new Int32Array(256);
  private currentHead = 0;
  private currentEnd = 0;
  /** Events beyond the wheel's reach. */
  private readonly far = new SlotHeap(this.slots);
  private readonly runsBefore = (a: number, b: number): number =>
    this.slots.before(a, b) ? -1 : 1;
  private size = 0;
  private sequence = 0;
  private currentNs = 0;
  /** Events run so far (a figure for benchmarks). */
  eventsRun = 0;

  constructor(private readonly pendingEventsMax = 10_000_000) {}

  /** The current virtual time in nanoseconds. */
  get nowNs(): number {
    return this.currentNs;
  }

  /** Events scheduled and not yet run, cancelled ones included until their time comes. */
  get pendingEvents(): number {
    return this.size;
  }

  /** Schedules `action` after `delayNs` (rounded to whole nanoseconds, at least 0). */
  after(delayNs: number, action: () => void): void {
    this.at(this.currentNs + Math.max(0, Math.round(delayNs)), action);
  }

  /**
   * As `after`, with a handle whose `cancelled = true` keeps the action from running; the action
   * gets `argument` (as with `at`), so a caller with one bound function needs no closure per event.
   */
  cancellable<Argument>(
    delayNs: number,
    action: (argument: Argument) => void,
    argument?: Argument,
  ): Cancellable {
    const event: CancellableEvent = {
      cancelled: false,
      action: action as (argument: never) => void,
      argument,
    };
    this.at(this.currentNs + Math.max(0, Math.round(delayNs)), runUnlessCancelled, event);
    return event;
  }

  /** Schedules `action(argument)` at `timeNs`, which must not be in the past. */
  at<Argument>(timeNs: number, action: (argument: Argument) => void, argument?: Argument): void {
    if (!Number.isSafeInteger(timeNs) || timeNs < this.currentNs) {
      throw new RangeError(`cannot schedule at ${timeNs}ns: now is ${this.currentNs}ns`);
    }
    if (this.size >= this.pendingEventsMax) {
      throw new Error(`scheduler: more than ${this.pendingEventsMax} pending events`);
    }
    const slot = this.slots.take(
      timeNs,
      this.sequence++,
      action as (argument: never) => void,
      argument,
    );
    this.size++;
    this.file(slot, timeNs);
  }

  /** The time of the earliest pending event, or null when none is pending. */
  nextTimeNs(): number | null {
    for (;;) {
      const { slots } = this;
      while (this.currentHead < this.currentEnd) {
        const slot = this.current[this.currentHead] as number;
        const argument = slots.argumentsOf[slot] as CancellableEvent;
        if (slots.actions[slot] !== runUnlessCancelled || !argument.cancelled) {
          return slots.times[slot] as number;
        }
        this.currentHead++;
        this.drop(slot);
      }
      if (!this.advance()) return null;
    }
  }

  /**
   * Runs every event at the earliest pending instant, including those scheduled at that same
   * instant while it runs. Returns the number run (0 when nothing is pending).
   */
  runInstant(): number {
    const timeNs = this.nextTimeNs();
    if (timeNs === null) return 0;
    this.currentNs = timeNs;
    const { slots } = this;
    let ran = 0;
    // Events scheduled for this instant while it runs are filed into `current` after the ones
    // already there (their sequence is the highest), so this loop reaches them too.
    while (this.currentHead < this.currentEnd) {
      const slot = this.current[this.currentHead] as number;
      if (slots.times[slot] !== timeNs) break;
      this.currentHead++;
      const action = slots.actions[slot] as (argument: unknown) => void;
      const argument = slots.argumentsOf[slot];
      this.drop(slot);
      if (action === runUnlessCancelled && (argument as CancellableEvent).cancelled) continue;
      ran++;
      action(argument);
    }
    this.eventsRun += ran;
    return ran;
  }

  private drop(slot: number): void {
    this.slots.release(slot);
    this.size--;
  }

  /** Files a slot where it waits: the sorted current bucket, a bucket chain, or the far heap. */
  private file(slot: number, timeNs: number): void {
    const bucket = Math.floor(timeNs / bucketWidthNs);
    if (bucket <= this.cursor) {
      this.insertCurrent(slot);
    } else if (bucket < this.cursor + bucketCount) {
      const index = bucket % bucketCount;
      this.slots.next[slot] = this.bucketHeads[index] as number;
      this.bucketHeads[index] = slot;
      this.inBuckets++;
    } else {
      this.far.push(slot);
    }
  }

  /** Inserts into `current` after every event that runs before it. */
  private insertCurrent(slot: number): void {
    if (this.currentEnd === this.current.length) this.makeRoomInCurrent();
    const { current, slots } = this;
    let low = this.currentHead;
    let high = this.currentEnd;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (slots.before(current[middle] as number, slot)) low = middle + 1;
      else high = middle;
    }
    if (low < this.currentEnd) current.copyWithin(low + 1, low, this.currentEnd);
    current[low] = slot;
    this.currentEnd++;
  }

  private makeRoomInCurrent(): void {
    const pending = this.currentEnd - this.currentHead;
    const target =
      pending * 2 > this.current.length ? new Int32Array(this.current.length * 2) : this.current;
    target.set(this.current.subarray(this.currentHead, this.currentEnd));
    this.current = target;
    this.currentHead = 0;
    this.currentEnd = pending;
  }

  /**
   * Moves the wheel to the next bucket holding anything (jumping straight to the far heap's
   * earliest event when the wheel is empty) and sorts that bucket into `current`, which must be
   * empty. Returns false when nothing at all is pending.
   */
  private advance(): boolean {
    this.currentHead = 0;
    this.currentEnd = 0;
    if (this.inBuckets === 0) {
      if (this.far.length === 0) return false;
      const earliest = this.slots.times[this.far.peek()] as number;
      this.cursor = Math.max(this.cursor + 1, Math.floor(earliest / bucketWidthNs));
    } else {
      this.cursor++;
    }
    this.bringNearEvents();
    this.takeBucket();
    return true;
  }

  /** Files the far heap's events that the wheel now reaches. */
  private bringNearEvents(): void {
    const reach = (this.cursor + bucketCount) * bucketWidthNs;
    while (this.far.length > 0 && (this.slots.times[this.far.peek()] as number) < reach) {
      const slot = this.far.pop();
      this.file(slot, this.slots.times[slot] as number);
    }
  }

  /** Appends the cursor bucket's chain to `current` and sorts `current`. */
  private takeBucket(): void {
    const index = this.cursor % bucketCount;
    let slot = this.bucketHeads[index] as number;
    this.bucketHeads[index] = -1;
    while (slot !== -1) {
      if (this.currentEnd === this.current.length) this.makeRoomInCurrent();
      this.current[this.currentEnd++] = slot;
      this.inBuckets--;
      slot = this.slots.next[slot] as number;
    }
    this.sortCurrent();
  }

  private sortCurrent(): void {
    const { current, slots } = this;
    const start = this.currentHead;
    const end = this.currentEnd;
    if (end - start > insertionSortMax) {
      current.subarray(start, end).sort(this.runsBefore);
      return;
    }
    for (let position = start + 1; position < end; position++) {
      const slot = current[position] as number;
      let target = position;
      while (target > start && slots.before(slot, current[target - 1] as number)) {
        current[target] = current[target - 1] as number;
        target--;
      }
      current[target] = slot;
    }
  }
}

function runUnlessCancelled(event: CancellableEvent): void {
  (event.action as (argument: unknown) => void)(event.argument);
}
