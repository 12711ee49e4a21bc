/**
 * The append messages in flight to one follower (etcd's tracker.Inflights): for each, the last
 * index it carried and its payload bytes. Full at
 * `maxMessages` messages or `maxBytes` bytes; the leader then waits for acknowledgements. A FIFO
 * with a moving head: acknowledgements free a prefix, and the arrays are compacted once the freed
 * head passes half their length, or emptied in place when everything is acknowledged.
 */
export class Inflights {
  /** For the message at position k (head <= k < end): the last index it carried and its bytes. */
  private lastIndexes: number[] = [];
  private byteCounts: number[] = [];
  private head = 0;
  private end = 0;
  private bytesInFlight = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  get count(): number {
    return this.end - this.head;
  }

  get bytes(): number {
    return this.bytesInFlight;
  }

  isFull(): boolean {
    return this.count >= this.maxMessages || this.bytesInFlight >= this.maxBytes;
  }

  add(lastIndex: number, bytes: number): void {
    if (this.isFull()) throw new Error("Inflights.add on a full window");
    this.lastIndexes[this.end] = lastIndex;
    this.byteCounts[this.end] = bytes;
    this.end++;
    this.bytesInFlight += bytes;
  }

  /** Frees every message whose entries are all at or below `index`. */
  freeThrough(index: number): void {
    const { lastIndexes, byteCounts } = this;
    while (this.head < this.end && (lastIndexes[this.head] as number) <= index) {
      this.bytesInFlight -= byteCounts[this.head] as number;
      this.head++;
    }
    if (this.head === this.end) {
      // Empty: start over in place (the common case, a follower that answered everything).
      this.head = 0;
      this.end = 0;
    } else if (this.head > 32 && this.head * 2 > this.end) {
      this.lastIndexes = lastIndexes.slice(this.head, this.end);
      this.byteCounts = byteCounts.slice(this.head, this.end);
      this.end -= this.head;
      this.head = 0;
    }
  }

  reset(): void {
    this.lastIndexes = [];
    this.byteCounts = [];
    this.head = 0;
    this.end = 0;
    this.bytesInFlight = 0;
  }
}
