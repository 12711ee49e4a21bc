/**
 * A map from (state id, operation) to an integer, in typed arrays with open addressing: the
 * transition memo for states beyond the dense rows of `StateTable`, costing memory only for
 * the transitions actually taken rather than for every (state, operation) pair.
 */
export class TransitionMap {
  private states: Int32Array;
  private operations: Int32Array;
  private values: Int32Array;
  private mask: number;
  count = 0;

  constructor(capacity = 1 << 12) {
    this.states = new Int32Array(capacity).fill(-1);
    this.operations = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Frees the memory (the map is not used again). */
  clear(): void {
    this.states = new Int32Array(1).fill(-1);
    this.operations = new Int32Array(1);
    this.values = new Int32Array(1);
    this.mask = 0;
    this.count = 0;
  }

  get bytes(): number {
    return this.states.byteLength * 3;
  }

  /** The value stored for (state, operation), or `missing`. */
  get(state: number, operation: number, missing: number): number {
    let slot = slotOf(state, operation) & this.mask;
    for (;;) {
      const stored = this.states[slot]!;
      if (stored === -1) return missing;
      if (stored === state && this.operations[slot] === operation) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }

  set(state: number, operation: number, value: number): void {
    if ((this.count + 1) * 2 > this.states.length) this.grow();
    let slot = slotOf(state, operation) & this.mask;
    for (;;) {
      const stored = this.states[slot]!;
      if (stored === -1) break;
      if (stored === state && this.operations[slot] === operation) {
        this.values[slot] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.states[slot] = state;
    this.operations[slot] = operation;
    this.values[slot] = value;
    this.count++;
  }

  private grow(): void {
    const { states, operations, values } = this;
    const capacity = states.length * 2;
    this.states = new Int32Array(capacity).fill(-1);
    this.operations = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let slot = 0; slot < states.length; slot++) {
      if (states[slot] !== -1) this.set(states[slot]!, operations[slot]!, values[slot]!);
    }
  }
}

function slotOf(state: number, operation: number): number {
  let hash = Math.imul(state, 0x9e3779b1) ^ Math.imul(operation, 0x85ebca6b);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}
