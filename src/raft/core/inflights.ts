/**
 * The append messages in flight to one follower (etcd's tracker.Inflights): for each, the last
 * index it carried and its payload bytes. Full at `maxMessages` messages or `maxBytes` bytes; the
 * leader then waits for acknowledgements. A FIFO with a moving head: acknowledgements free a
 * prefix, and the array is compacted once the freed head passes half its length.
 */
export class Inflights {
  private items: { lastIndex: number; bytes: number }[] = [];
  private head = 0;
  private bytesInFlight = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  get count(): number {
    return this.items.length - this.head;
  }

  get bytes(): number {
    return this.bytesInFlight;
  }

  isFull(): boolean {
    return this.count >= this.maxMessages || this.bytesInFlight >= this.maxBytes;
  }

  add(lastIndex: number, bytes: number): void {
    if (this.isFull()) throw new Error("Inflights.add on a full window");
    this.items.push({ lastIndex, bytes });
    this.bytesInFlight += bytes;
  }

  /** Frees every message whose entries are all at or below `index`. */
  freeThrough(index: number): void {
    while (this.head < this.items.length && this.items[this.head]!.lastIndex <= index) {
      this.bytesInFlight -= this.items[this.head]!.bytes;
      this.head++;
    }
    if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  reset(): void {
    this.items = [];
    this.head = 0;
    this.bytesInFlight = 0;
  }
}
