/**
 * Virtual time for the simulator. Events are callbacks stamped with an integer `timeNs`; events
 * at the same instant run in the order they were scheduled (a sequence counter breaks ties), so
 * a run depends only on its seed. A binary heap keyed on (timeNs, sequence).
 */

export interface ScheduledEvent {
  readonly timeNs: number;
  readonly sequence: number;
  /** Called with `argument`: hot paths pass a pre-bound function and a record, not a fresh closure. */
  readonly action: (argument: never) => void;
  readonly argument: unknown;
  cancelled: boolean;
}

export class Scheduler {
  private readonly heap: ScheduledEvent[] = [];
  private sequence = 0;
  private currentNs = 0;
  /** Events run so far (a figure for benchmarks). */
  eventsRun = 0;

  constructor(private readonly pendingEventsMax = 10_000_000) {}

  /** The current virtual time in nanoseconds. */
  get nowNs(): number {
    return this.currentNs;
  }

  get pendingEvents(): number {
    return this.heap.length;
  }

  /** Schedules `action` after `delayNs` (rounded to whole nanoseconds, at least 0). */
  after(delayNs: number, action: () => void): ScheduledEvent {
    return this.at(this.currentNs + Math.max(0, Math.round(delayNs)), action);
  }

  /** Schedules `action(argument)` at `timeNs`, which must not be in the past. */
  at<Argument>(
    timeNs: number,
    action: (argument: Argument) => void,
    argument?: Argument,
  ): ScheduledEvent {
    if (!Number.isSafeInteger(timeNs) || timeNs < this.currentNs) {
      throw new RangeError(`cannot schedule at ${timeNs}ns: now is ${this.currentNs}ns`);
    }
    if (this.heap.length >= this.pendingEventsMax) {
      throw new Error(`scheduler: more than ${this.pendingEventsMax} pending events`);
    }
    const event: ScheduledEvent = {
      timeNs,
      sequence: this.sequence++,
      action: action as (argument: never) => void,
      argument,
      cancelled: false,
    };
    this.push(event);
    return event;
  }

  /** The time of the earliest pending event, or null when none is pending. */
  nextTimeNs(): number | null {
    this.dropCancelledHead();
    return this.heap[0]?.timeNs ?? null;
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
    while (this.heap.length > 0 && (this.heap[0] as ScheduledEvent).timeNs === timeNs) {
      const event = this.pop();
      if (event.cancelled) continue;
      ran++;
      (event.action as (argument: unknown) => void)(event.argument);
    }
    this.eventsRun += ran;
    return ran;
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && (this.heap[0] as ScheduledEvent).cancelled) this.pop();
  }

  private push(event: ScheduledEvent): void {
    const heap = this.heap;
    heap.push(event);
    let position = heap.length - 1;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!earlier(event, heap[parent] as ScheduledEvent)) break;
      heap[position] = heap[parent] as ScheduledEvent;
      position = parent;
    }
    heap[position] = event;
  }

  private pop(): ScheduledEvent {
    const heap = this.heap;
    const top = heap[0] as ScheduledEvent;
    const last = heap.pop() as ScheduledEvent;
    if (heap.length === 0) return top;
    let position = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * position + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length && earlier(heap[right] as ScheduledEvent, heap[left] as ScheduledEvent)
          ? right
          : left;
      if (!earlier(heap[child] as ScheduledEvent, last)) break;
      heap[position] = heap[child] as ScheduledEvent;
      position = child;
    }
    heap[position] = last;
    return top;
  }
}

function earlier(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.timeNs < b.timeNs || (a.timeNs === b.timeNs && a.sequence < b.sequence);
}
