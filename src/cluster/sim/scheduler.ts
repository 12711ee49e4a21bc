/**
 * Virtual time for the simulator. Events are callbacks stamped with an integer `timeNs`; events
 * at the same instant run in the order they were scheduled (a sequence counter breaks ties), so
 * a run depends only on its seed. A binary heap keyed on (timeNs, sequence).
 *
 * The heap holds numbers only — times and sequences in Float64Arrays, and for each event the
 * slot where its action and argument wait — rather than an object per event: the simulator
 * schedules a few thousand events per simulated second, and an event object (with its time boxed
 * as a heap number, being above 2^31 ns) was an allocation the garbage collector copied. Keeping
 * the actions out of the heap arrays matters too: a sift moves a dozen entries, and every move of
 * a pointer to a young closure into the (old) heap array paid the write barrier and grew the set
 * of old-to-young slots each minor collection scans. Now an action is written once, into its slot.
 */

/** A scheduled event that may be called off before it runs. */
export interface Cancellable {
  cancelled: boolean;
}

interface CancellableEvent extends Cancellable {
  readonly action: (argument: never) => void;
  readonly argument: unknown;
}

const initialCapacity = 1024;

export class Scheduler {
  private times = new Float64Array(initialCapacity);
  private sequences = new Float64Array(initialCapacity);
  /** For each heap position, the slot of its event's action and argument. */
  private slots = new Int32Array(initialCapacity);
  private actions: Array<((argument: never) => void) | undefined> = [];
  private argumentsOf: unknown[] = [];
  /** Slots free for reuse (a stack), and how many of them there are. */
  private freeSlots = new Int32Array(initialCapacity);
  private freeCount = 0;
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
    if (this.size === this.times.length) this.grow();
    // Slots in use number `size`, so a free one exists below the capacity.
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.size;
    this.actions[slot] = action as (argument: never) => void;
    this.argumentsOf[slot] = argument;
    this.siftUp(this.size++, timeNs, this.sequence++, slot);
  }

  /** The time of the earliest pending event, or null when none is pending. */
  nextTimeNs(): number | null {
    this.dropCancelledHead();
    return this.size > 0 ? (this.times[0] as number) : null;
  }

  /**
   * Runs every event at the earliest pending instant, including those scheduled at that same
   * instant while it runs. Returns the number run (0 when nothing is pending).
   */
  runInstant(): number {
    const timeNs = this.nextTimeNs();
    if (timeNs === null) return 0;
    this.currentNs = timeNs;
    let ran = 0;
    while (this.size > 0 && this.times[0] === timeNs) {
      const slot = this.slots[0] as number;
      const action = this.actions[slot] as (argument: unknown) => void;
      const argument = this.argumentsOf[slot];
      this.release(slot);
      this.removeHead();
      if (action === runUnlessCancelled && (argument as CancellableEvent).cancelled) continue;
      ran++;
      action(argument);
    }
    this.eventsRun += ran;
    return ran;
  }

  private dropCancelledHead(): void {
    while (this.size > 0) {
      const slot = this.slots[0] as number;
      const argument = this.argumentsOf[slot] as CancellableEvent;
      if (this.actions[slot] !== runUnlessCancelled || !argument.cancelled) return;
      this.release(slot);
      this.removeHead();
    }
  }

  /** Empties a slot (so the collector may free what it held) and makes it reusable. */
  private release(slot: number): void {
    this.actions[slot] = undefined;
    this.argumentsOf[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    this.times = times;
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    this.sequences = sequences;
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.slots = slots;
    const freeSlots = new Int32Array(capacity);
    freeSlots.set(this.freeSlots);
    this.freeSlots = freeSlots;
  }

  /** Places the event at `start` or above it, moving later parents down. */
  private siftUp(start: number, timeNs: number, sequence: number, slot: number): void {
    const { times, sequences, slots } = this;
    let position = start;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      const parentTime = times[parent] as number;
      if (
        parentTime < timeNs ||
        (parentTime === timeNs && (sequences[parent] as number) < sequence)
      ) {
        break;
      }
      times[position] = parentTime;
      sequences[position] = sequences[parent] as number;
      slots[position] = slots[parent] as number;
      position = parent;
    }
    times[position] = timeNs;
    sequences[position] = sequence;
    slots[position] = slot;
  }

  /** Removes the earliest event: the last one sinks from the top to its place. */
  private removeHead(): void {
    const last = --this.size;
    if (last === 0) return;
    const { times, sequences, slots } = this;
    const lastTime = times[last] as number;
    const lastSequence = sequences[last] as number;
    const lastSlot = slots[last] as number;
    let position = 0;
    for (;;) {
      const left = 2 * position + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.earlier(right, left) ? right : left;
      const childTime = times[child] as number;
      if (
        childTime > lastTime ||
        (childTime === lastTime && (sequences[child] as number) > lastSequence)
      ) {
        break;
      }
      times[position] = childTime;
      sequences[position] = sequences[child] as number;
      slots[position] = slots[child] as number;
      position = child;
    }
    times[position] = lastTime;
    sequences[position] = lastSequence;
    slots[position] = lastSlot;
  }

  private earlier(a: number, b: number): boolean {
    const timeA = this.times[a] as number;
    const timeB = this.times[b] as number;
    return (
      timeA < timeB ||
      (timeA === timeB && (this.sequences[a] as number) < (this.sequences[b] as number))
    );
  }
}

function runUnlessCancelled(event: CancellableEvent): void {
  (event.action as (argument: unknown) => void)(event.argument);
}
