/**
 * Lowe's memoization: the set of (linearized operations, state) configurations already
 * explored. Kept in typed arrays — an open-addressing table of slots pointing into columns of
 * hashes, state ids and bitset words — so it costs no garbage collection, is not bounded by a
 * JS Map's 2^24 entries, and its bytes are known exactly for the memory budget.
 */
export class VisitedSet {
  private slots: Int32Array;
  private slotMask: number;
  private hashes: Int32Array;
  private states: Int32Array;
  private words: Uint32Array;
  private capacity: number;
  count = 0;

  constructor(private readonly wordsPerEntry: number) {
    this.capacity = 1024;
    this.slots = new Int32Array(this.capacity * 2);
    this.slotMask = this.slots.length - 1;
    this.hashes = new Int32Array(this.capacity);
    this.states = new Int32Array(this.capacity);
    this.words = new Uint32Array(this.capacity * wordsPerEntry);
  }

  /** Bytes held by the arrays now. */
  get bytes(): number {
    return (
      this.slots.byteLength +
      this.hashes.byteLength +
      this.states.byteLength +
      this.words.byteLength
    );
  }

  /** Bytes the arrays may hold after `additions` more entries (growth doubles them). */
  bytesWithin(additions: number): number {
    return this.count + additions < this.capacity ? this.bytes : this.bytes * 2;
  }

  /**
   * Adds the configuration unless it is present; true when it was added. `hash` must be a
   * function of `bits` and `state` alone.
   */
  addIfAbsent(hash: number, state: number, bits: Uint32Array): boolean {
    const wordsPerEntry = this.wordsPerEntry;
    let slot = finalizeHash(hash) & this.slotMask;
    for (;;) {
      const stored = this.slots[slot]!;
      if (stored === 0) break;
      const entry = stored - 1;
      if (this.hashes[entry] === hash && this.states[entry] === state) {
        const base = entry * wordsPerEntry;
        let same = true;
        for (let word = 0; word < wordsPerEntry; word++) {
          if (this.words[base + word] !== bits[word]) {
            same = false;
            break;
          }
        }
        if (same) return false;
      }
      slot = (slot + 1) & this.slotMask;
    }
    if (this.count === this.capacity) this.grow();
    const entry = this.count++;
    this.hashes[entry] = hash;
    this.states[entry] = state;
    this.words.set(bits, entry * wordsPerEntry);
    if (this.slots.length !== this.capacity * 2) this.rehash();
    else this.slots[slot] = entry + 1;
    return true;
  }

  private grow(): void {
    this.capacity *= 2;
    const hashes = new Int32Array(this.capacity);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const states = new Int32Array(this.capacity);
    states.set(this.states);
    this.states = states;
    const words = new Uint32Array(this.capacity * this.wordsPerEntry);
    words.set(this.words);
    this.words = words;
  }

  /** Rebuilds the slots at twice the entry capacity (load factor at most one half). */
  private rehash(): void {
    this.slots = new Int32Array(this.capacity * 2);
    this.slotMask = this.slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = finalizeHash(this.hashes[entry]!) & this.slotMask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.slotMask;
      this.slots[slot] = entry + 1;
    }
  }
}

function finalizeHash(hash: number): number {
  let mixed = hash ^ (hash >>> 15);
  mixed = Math.imul(mixed, 0x2c1b3c6d);
  return mixed ^ (mixed >>> 12);
}
