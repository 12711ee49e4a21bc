/**
 * Virtual time for the simulator. Events are callbacks stamped with an integer `timeNs`; events
 * at the same instant run in the order they were scheduled (a sequence counter breaks ties), so
 * a run depends only on its seed. A binary heap keyed on (timeNs, sequence).
 *
 * The heap is kept as parallel arrays — times and sequences in Float64Arrays, actions and their
 * arguments in plain arrays — rather than an object per event: the simulator schedules a few
 * thousand events per simulated second, and an event object (with its time boxed as a heap
 * number, being above 2^31 ns) was an allocation the garbage collector copied, while comparisons
 * chased a pointer per heap slot.
 */

/** A scheduled event that may be called off before it runs. */
export interface Cancellable {
  cancelled: boolean;
}

interface CancellableEvent extends Cancellable {
  readonly action: () => void;
}

const initialCapacity = 1024;

export class Scheduler {
  private times = new Float64Array(initialCapacity);
  private sequences = new Float64Array(initialCapacity);
  private actions: Array<(argument: never) => void> = [];
  private argumentsOf: unknown[] = [];
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

  /** As `after`, with a handle whose `cancelled = true` keeps the action from running. */
  cancellable(delayNs: number, action: () => void): Cancellable {
    const event: CancellableEvent = { cancelled: false, action };
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
    this.siftUp(
      this.size++,
      timeNs,
      this.sequence++,
      action as (argument: never) => void,
      argument,
    );
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
      const action = this.actions[0] as (argument: unknown) => void;
      const argument = this.argumentsOf[0];
      this.removeHead();
      if (action === runUnlessCancelled && (argument as CancellableEvent).cancelled) continue;
      ran++;
      action(argument);
    }
    this.eventsRun += ran;
    return ran;
  }

  private dropCancelledHead(): void {
    while (
      this.size > 0 &&
      this.actions[0] === runUnlessCancelled &&
      (this.argumentsOf[0] as CancellableEvent).cancelled
    ) {
      this.removeHead();
    }
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const sequences = new Float64Array(this.sequences.length * 2);
    sequences.set(this.sequences);
    this.sequences = sequences;
  }

  /** Places the event at `start` or above it, moving later parents down. */
  private siftUp(
    start: number,
    timeNs: number,
    sequence: number,
    action: (argument: never) => void,
    argument: unknown,
  ): void {
    const { times, sequences } = this;
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
      this.move(parent, position);
      position = parent;
    }
    times[position] = timeNs;
    sequences[position] = sequence;
    this.actions[position] = action;
    this.argumentsOf[position] = argument;
  }

  /** Removes the earliest event: the last one sinks from the top to its place. */
  private removeHead(): void {
    const last = --this.size;
    const { times, sequences, actions, argumentsOf } = this;
    const lastTime = times[last] as number;
    const lastSequence = sequences[last] as number;
    const lastAction = actions[last] as (argument: never) => void;
    const lastArgument = argumentsOf[last];
    actions[last] = undefined as never;
    argumentsOf[last] = undefined;
    if (last === 0) return;
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
      this.move(child, position);
      position = child;
    }
    times[position] = lastTime;
    sequences[position] = lastSequence;
    actions[position] = lastAction;
    argumentsOf[position] = lastArgument;
  }

  private earlier(a: number, b: number): boolean {
    const timeA = this.times[a] as number;
    const timeB = this.times[b] as number;
    return (
      timeA < timeB ||
      (timeA === timeB && (this.sequences[a] as number) < (this.sequences[b] as number))
    );
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.sequences[to] = this.sequences[from] as number;
    this.actions[to] = this.actions[from] as (argument: never) => void;
    this.argumentsOf[to] = this.argumentsOf[from];
  }
}

function runUnlessCancelled(event: CancellableEvent): void {
  event.action();
}
