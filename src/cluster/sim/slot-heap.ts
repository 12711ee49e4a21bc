import type { EventSlots } from "./event-slots.js";

/** A binary min-heap of event slots, ordered as the events run (time, then sequence). */
export class SlotHeap {
  private heap = new Int32Array(64);
  private size = 0;

  constructor(private readonly slots: EventSlots) {}

  get length(): number {
    return this.size;
  }

  /** The earliest slot; only when `length > 0`. */
  peek(): number {
    return this.heap[0] as number;
  }

  push(slot: number): void {
    if (this.size === this.heap.length) {
      const larger = new Int32Array(this.heap.length * 2);
      larger.set(this.heap);
      this.heap = larger;
    }
    const { heap, slots } = this;
    let position = this.size++;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (slots.before(heap[parent] as number, slot)) break;
      heap[position] = heap[parent] as number;
      position = parent;
    }
    heap[position] = slot;
  }

  /** Removes and returns the earliest slot; only when `length > 0`. */
  pop(): number {
    const { heap, slots } = this;
    const top = heap[0] as number;
    const last = heap[--this.size] as number;
    let position = 0;
    for (;;) {
      const left = 2 * position + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child =
        right < this.size && slots.before(heap[right] as number, heap[left] as number)
          ? right
          : left;
      if (slots.before(last, heap[child] as number)) break;
      heap[position] = heap[child] as number;
      position = child;
    }
    if (this.size > 0) heap[position] = last;
    return top;
  }
}
