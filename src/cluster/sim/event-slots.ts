const initialCapacity = 1024;

/**
 * Where the scheduler keeps its pending events, one slot each: time, sequence number and a link
 * to the next event of the same bucket in typed arrays, action and argument in plain arrays.
 * The queues (the timing wheel's buckets, its sorted current bucket, the far-future heap) hold
 * slot numbers only, so moving an event between them moves a number: no object per event, and no
 * pointer to a young closure written over and over into old arrays (each such write pays the
 * write barrier and adds a slot for every minor collection to scan).
 */
export class EventSlots {
  times = new Float64Array(initialCapacity);
  sequences = new Float64Array(initialCapacity);
  /** The next slot in the same bucket's chain, or -1. */
  next = new Int32Array(initialCapacity);
  readonly actions: Array<((argument: never) => void) | undefined> = [];
  readonly argumentsOf: unknown[] = [];
  private free = new Int32Array(initialCapacity);
  private freeCount = 0;
  /** Slots ever handed out (in use or free). */
  private used = 0;

  /** A slot holding the event; the caller files it in a queue. */
  take(timeNs: number, sequence: number, action: (argument: never) => void, argument: unknown) {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount] as number;
    else {
      if (this.used === this.times.length) this.grow();
      slot = this.used++;
    }
    this.times[slot] = timeNs;
    this.sequences[slot] = sequence;
    this.next[slot] = -1;
    this.actions[slot] = action;
    this.argumentsOf[slot] = argument;
    return slot;
  }

  /** Empties a slot (so the collector may free what it held) and makes it reusable. */
  release(slot: number): void {
    this.actions[slot] = undefined;
    this.argumentsOf[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  /** Whether event `a` runs before event `b`: earlier time, or same time and scheduled first. */
  before(a: number, b: number): boolean {
    const timeA = this.times[a] as number;
    const timeB = this.times[b] as number;
    return (
      timeA < timeB ||
      (timeA === timeB && (this.sequences[a] as number) < (this.sequences[b] as number))
    );
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    this.times = grown(this.times, new Float64Array(capacity));
    this.sequences = grown(this.sequences, new Float64Array(capacity));
    this.next = grown(this.next, new Int32Array(capacity));
    this.free = grown(this.free, new Int32Array(capacity));
  }
}

function grown<Array extends Float64Array | Int32Array>(old: Array, larger: Array): Array {
  larger.set(old);
  return larger;
}
