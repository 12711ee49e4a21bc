import type { Model } from "../model.js";
import { TransitionMap } from "./transition-map.js";

const defaultStateBytes = 64;
/** The bytes of one interning entry beside the state itself (array slot, bucket, hash). */
const internOverheadBytes = 48;
/**
 * The dense memo (a row of every operation per state) is fastest but costs states x
 * operations; past this size, later states' transitions go to a hash map.
 */
const denseMemoBytesMax = 256 * 1024;
/** Misses after which the hash map memo is dropped unless it hit at least half as often. */
const sparseTrialLookups = 1 << 15;

/**
 * Interns a partition's model states as small integers and memoizes transitions: the search
 * then compares and hashes integers, and calls the model once per (state, operation) pair
 * instead of once per visit. The first states (few, in register histories) have dense rows;
 * the rest share a hash map, which stops growing at `memoBytesMax` (later transitions then
 * step through the model each time).
 */
export class StateTable<State, Input, Output> {
  readonly values: State[] = [];
  private readonly buckets = new Map<number, number | number[]>();
  /** Per (state, operation): 0 not computed yet, 1 illegal, else the next state's id + 2. */
  private dense: Int32Array;
  private denseRows: number;
  private readonly denseRowsMax: number;
  private readonly sparse = new TransitionMap();
  /** The hash map memo pays only when states recur (it does for a whole kv map, rarely per key). */
  private sparseEnabled = true;
  private sparseHits = 0;
  private sparseMisses = 0;
  private stateBytes = 0;

  constructor(
    private readonly model: Model<State, Input, Output>,
    private readonly inputs: readonly Input[],
    private readonly outputs: readonly Output[],
    private readonly memoBytesMax: number,
  ) {
    const rowBytes = 4 * Math.max(1, inputs.length);
    this.denseRowsMax = Math.max(
      1,
      Math.floor(Math.min(denseMemoBytesMax, memoBytesMax / 2) / rowBytes),
    );
    this.denseRows = Math.min(16, this.denseRowsMax);
    this.dense = new Int32Array(this.denseRows * inputs.length);
  }

  get size(): number {
    return this.values.length;
  }

  /** The id of `state`, adding it when no equal state is known. */
  intern(state: State): number {
    const hash = this.model.hash(state) | 0;
    const found = this.buckets.get(hash);
    if (found !== undefined) {
      if (typeof found === "number") {
        if (this.model.equal(this.values[found]!, state)) return found;
      } else {
        for (const id of found) if (this.model.equal(this.values[id]!, state)) return id;
      }
    }
    const id = this.values.length;
    this.values.push(state);
    if (found === undefined) this.buckets.set(hash, id);
    else if (typeof found === "number") this.buckets.set(hash, [found, id]);
    else found.push(id);
    this.stateBytes +=
      internOverheadBytes + (this.model.estimateStateBytes?.(state) ?? defaultStateBytes);
    return id;
  }

  /** The state after `operation` from state `stateId`, or -1 when the operation is illegal there. */
  transition(stateId: number, operation: number): number {
    if (stateId < this.denseRows) {
      const slot = stateId * this.inputs.length + operation;
      const known = this.dense[slot]!;
      if (known !== 0) return known - 2;
      const next = this.compute(stateId, operation);
      this.dense[slot] = next + 2;
      return next;
    }
    if (stateId < this.denseRowsMax) {
      this.growDense(stateId);
      return this.transition(stateId, operation);
    }
    if (!this.sparseEnabled) return this.compute(stateId, operation);
    const known = this.sparse.get(stateId, operation, -2);
    if (known !== -2) {
      this.sparseHits++;
      return known;
    }
    const next = this.compute(stateId, operation);
    if (this.sparse.bytes * 2 <= this.memoBytesMax) this.sparse.set(stateId, operation, next);
    if (++this.sparseMisses === sparseTrialLookups && this.sparseHits < this.sparseMisses / 2) {
      this.sparseEnabled = false;
      this.sparse.clear();
    }
    return next;
  }

  /** Estimated bytes held: the memos and the interned states. */
  get bytes(): number {
    return this.dense.byteLength + this.sparse.bytes + this.stateBytes;
  }

  private compute(stateId: number, operation: number): number {
    const next = this.model.step(
      this.values[stateId]!,
      this.inputs[operation]!,
      this.outputs[operation]!,
    );
    return next === undefined ? -1 : this.intern(next);
  }

  private growDense(stateId: number): void {
    let rows = this.denseRows;
    while (rows <= stateId) rows *= 2;
    rows = Math.min(rows, this.denseRowsMax);
    const dense = new Int32Array(rows * this.inputs.length);
    dense.set(this.dense);
    this.dense = dense;
    this.denseRows = rows;
  }
}
