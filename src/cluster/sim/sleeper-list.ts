/** A pending `clock.sleep`: woken at its time, or rejected when the simulation halts. */
export class Sleeper {
  // Links of the SleeperList that holds the sleeper while it waits.
  earlier: Sleeper | null = null;
  later: Sleeper | null = null;
  listed = false;

  constructor(
    readonly resolve: () => void,
    readonly reject: (error: unknown) => void,
  ) {}
}

/**
 * The sleepers waiting, in the order they began, linked through themselves: a sleep begins and
 * ends for nearly every operation of a workload, and a Set kept rehashing its table as entries
 * came and went. Adding and removing take constant time and allocate nothing.
 */
export class SleeperList {
  private head: Sleeper | null = null;
  private tail: Sleeper | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(sleeper: Sleeper): void {
    if (sleeper.listed) throw new Error("a sleeper is already waiting");
    sleeper.earlier = this.tail;
    sleeper.later = null;
    if (this.tail === null) this.head = sleeper;
    else this.tail.later = sleeper;
    this.tail = sleeper;
    sleeper.listed = true;
    this.count++;
  }

  /** Takes `sleeper` out; false when it was not waiting. */
  remove(sleeper: Sleeper): boolean {
    if (!sleeper.listed) return false;
    if (sleeper.earlier === null) this.head = sleeper.later;
    else sleeper.earlier.later = sleeper.later;
    if (sleeper.later === null) this.tail = sleeper.earlier;
    else sleeper.later.earlier = sleeper.earlier;
    sleeper.earlier = null;
    sleeper.later = null;
    sleeper.listed = false;
    this.count--;
    return true;
  }

  /** Takes every sleeper out and returns them, in the order they began. */
  takeAll(): Sleeper[] {
    const taken: Sleeper[] = [];
    for (let sleeper = this.head; sleeper !== null; sleeper = this.head) {
      this.remove(sleeper);
      taken.push(sleeper);
    }
    return taken;
  }
}
