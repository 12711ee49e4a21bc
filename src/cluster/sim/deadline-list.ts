/** An item with a deadline, linked into at most one DeadlineList (the list owns the links). */
export interface Deadlined {
  deadlineNs: number;
  earlier: Deadlined | null;
  later: Deadlined | null;
  listed: boolean;
}

/**
 * Items in deadline order (equal deadlines in the order added), linked through the items
 * themselves: adding one walks back from the latest deadline (nearly always zero steps, as
 * deadlines mostly come in order), removing one is constant time. The simulator keeps its
 * clients' pending calls here and schedules one timer for the earliest deadline instead of one
 * cancellable event per call: each of those sat in the scheduler for the whole timeout, holding
 * its call, long after nearly every call had been answered.
 */
export class DeadlineList<Item extends Deadlined> {
  private head: Item | null = null;
  private tail: Item | null = null;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The item with the earliest deadline, or null when the list is empty. */
  first(): Item | null {
    return this.head;
  }

  add(item: Item): void {
    if (item.listed) throw new Error("an item is already in a deadline list");
    let before = this.tail;
    while (before !== null && before.deadlineNs > item.deadlineNs) {
      before = before.earlier as Item | null;
    }
    const after = before === null ? this.head : (before.later as Item | null);
    item.earlier = before;
    item.later = after;
    if (before === null) this.head = item;
    else before.later = item;
    if (after === null) this.tail = item;
    else after.earlier = item;
    item.listed = true;
    this.count++;
  }

  /** Takes `item` out; false when it was not in the list. */
  remove(item: Item): boolean {
    if (!item.listed) return false;
    const { earlier, later } = item;
    if (earlier === null) this.head = later as Item | null;
    else earlier.later = later;
    if (later === null) this.tail = earlier as Item | null;
    else later.earlier = earlier;
    item.earlier = null;
    item.later = null;
    item.listed = false;
    this.count--;
    return true;
  }

  /** Removes and returns the earliest item if its deadline is at or before `nowNs`, else null. */
  takeDue(nowNs: number): Item | null {
    const first = this.head;
    if (first === null || first.deadlineNs > nowNs) return null;
    this.remove(first);
    return first;
  }

  /** Every item, earliest deadline first (a copy: the caller may remove items meanwhile). */
  items(): Item[] {
    const result: Item[] = [];
    for (let item = this.head; item !== null; item = item.later as Item | null) result.push(item);
    return result;
  }
}
