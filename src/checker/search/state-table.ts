import type { Model } from "../model.js";

const defaultStateBytes = 64;
/** The bytes of one interning entry beside the state itself (array slot, bucket, hash). */
const internOverheadBytes = 48;

/**
 * Interns a partition's model states as small integers and memoizes transitions: the search
 * then compares and hashes integers, and calls the model once per (state, operation) pair
 * instead of once per visit. The memo is a row of `operationCount` integers per state; it
 * stops growing at `memoBytesMax`, after which later states step through the model each time.
 */
export class StateTable<State, Input, Output> {
  readonly values: State[] = [];
  private readonly buckets = new Map<number, number | number[]>();
  /** Per (state, operation): 0 not computed yet, 1 illegal, else the next state's id + 2. */
  private memo: Int32Array;
  private memoRows: number;
  private stateBytes = 0;

  constructor(
    private readonly model: Model<State, Input, Output>,
    private readonly inputs: readonly Input[],
    private readonly outputs: readonly Output[],
    private readonly memoBytesMax: number,
  ) {
    this.memoRows = Math.max(
      1,
      Math.min(64, Math.floor(memoBytesMax / 4 / Math.max(1, inputs.length))),
    );
    this.memo = new Int32Array(this.memoRows * inputs.length);
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
    const operationCount = this.inputs.length;
    if (stateId < this.memoRows) {
      const slot = stateId * operationCount + operation;
      const known = this.memo[slot]!;
      if (known !== 0) return known - 2;
      const next = this.compute(stateId, operation);
      this.memo[slot] = next + 2;
      return next;
    }
    if (this.growMemo(stateId)) return this.transition(stateId, operation);
    return this.compute(stateId, operation);
  }

  /** Estimated bytes held: the memo and the interned states. */
  get bytes(): number {
    return this.memo.byteLength + this.stateBytes;
  }

  private compute(stateId: number, operation: number): number {
    const next = this.model.step(
      this.values[stateId]!,
      this.inputs[operation]!,
      this.outputs[operation]!,
    );
    return next === undefined ? -1 : this.intern(next);
  }

  private growMemo(stateId: number): boolean {
    const operationCount = Math.max(1, this.inputs.length);
    let rows = this.memoRows;
    while (rows <= stateId) rows *= 2;
    if (rows * operationCount * 4 > this.memoBytesMax) return false;
    const memo = new Int32Array(rows * operationCount);
    memo.set(this.memo);
    this.memo = memo;
    this.memoRows = rows;
    return true;
  }
}
