import type { GrowthKnowledge } from "../model.js";
import type { EntryList } from "./entry-list.js";
import type { PartitionInput } from "./partition-search.js";

const noRescuers = new Int32Array(0);
/** Above this many checkable reads, the pairwise conflict search (quadratic) is skipped. */
const conflictReadsMax = 2000;
/** Above this many (read, reset) pairs, the rescuers are not worked out and nothing is pruned. */
const readResetPairsMax = 4_000_000;

/**
 * Drops states from which some pending read can no longer be satisfied (the model's `growth`
 * knowledge). Until a read r takes effect, the state either only grows from the current one,
 * or some reset lands before r and the state grows from what that reset left. So r stays
 * satisfiable only if it is `stillReadable` from the current state, or some reset that is
 * still pending and may precede r (same group, called no later than r returned: intervals are
 * closed) is one r is `readableAfterReset` — its "rescuers", fixed per read and found once.
 * With unique written values a read rarely has any, so a state that misses an append a read
 * saw, or holds one it did not, is dropped at once instead of being explored to the end.
 * Only reads callable now (before the first pending return) are checked, to keep each check
 * to a handful of operations.
 */
export class GrowthPruning<State, Input, Output> {
  /** Per operation: 1 when it is a read the pruning can check. */
  private readonly checkable: Uint8Array;
  /** Per checkable read: the resets that could rescue it. */
  private readonly rescuers: Int32Array[];
  /** Per operation: its group (reads of different groups never constrain each other). */
  private readonly groups: string[];
  pruned = 0;
  /** False when the history is too large for this pruning (it then never prunes). */
  usable = true;

  /**
   * `deadlineMs` (performance.now() time) bounds the work up front: if finding the rescuers
   * runs past it, the pruning is not used (it would be unsound with rescuers missing); the
   * conflict search stops there too, finding nothing.
   */
  constructor(
    private readonly growth: GrowthKnowledge<State, Input, Output>,
    private readonly input: PartitionInput<Input, Output>,
    readOnly: Uint8Array,
    private readonly deadlineMs: number,
  ) {
    const count = input.inputs.length;
    const { inputs, outputs } = input;
    this.checkable = readOnly.slice();
    const groups = inputs.map((item) => (growth.group ? growth.group(item) : ""));
    this.groups = groups;
    const resets: number[] = [];
    for (let operation = 0; operation < count; operation++) {
      if (growth.resets(inputs[operation]!, outputs[operation]!)) resets.push(operation);
    }
    let readCount = 0;
    for (let operation = 0; operation < count; operation++) readCount += this.checkable[operation]!;
    this.rescuers = [];
    if (readCount * resets.length > readResetPairsMax) {
      // Too big to work out up front: prune nothing rather than spend unbounded time here.
      this.usable = false;
      this.checkable.fill(0);
      for (let operation = 0; operation < count; operation++) this.rescuers.push(noRescuers);
      return;
    }
    for (let read = 0; read < count; read++) {
      if (!this.checkable[read]) {
        this.rescuers.push(noRescuers);
        continue;
      }
      if ((read & 63) === 0 && performance.now() > deadlineMs) {
        this.usable = false;
        return;
      }
      const found = resets.filter(
        (reset) =>
          groups[reset] === groups[read] &&
          input.callTimes[reset]! <= input.returnTimes[read]! &&
          growth.readableAfterReset(inputs[reset]!, outputs[reset]!, inputs[read]!, outputs[read]!),
      );
      this.rescuers.push(found.length === 0 ? noRescuers : Int32Array.from(found));
    }
  }

  /**
   * Two reads that no order can satisfy, found before any search: for r1 to come before r2
   * (allowed unless r2 returned before r1 was called), either r2 can follow r1 by growth
   * alone, or a reset that may lie between them (not forced before r1, nor after r2) could
   * start r2's value — the last reset before r2 must be such a one. When neither order is
   * possible, the history is illegal whatever else happens: unlike the search, this does not
   * pay for every order of the operations before the two reads.
   */
  findConflict(): [number, number] | undefined {
    const { inputs, outputs, callTimes, returnTimes } = this.input;
    const reads: number[] = [];
    for (let read = 0; read < this.checkable.length; read++)
      if (this.checkable[read]) reads.push(read);
    if (reads.length > conflictReadsMax) return undefined;
    const canPrecede = (first: number, second: number): boolean => {
      if (returnTimes[second]! < callTimes[first]!) return false;
      if (
        this.growth.readsFollow(inputs[first]!, outputs[first]!, inputs[second]!, outputs[second]!)
      )
        return true;
      for (const reset of this.rescuers[second]!) {
        if (!(returnTimes[reset]! < callTimes[first]!)) return true;
      }
      return false;
    };
    if (!this.usable) return undefined;
    for (let first = 0; first < reads.length; first++) {
      if (performance.now() > this.deadlineMs) return undefined;
      for (let second = first + 1; second < reads.length; second++) {
        const one = reads[first]!;
        const other = reads[second]!;
        if (this.groups[one] !== this.groups[other]) continue;
        if (!canPrecede(one, other) && !canPrecede(other, one)) return [one, other];
      }
    }
    return undefined;
  }

  /**
   * True when the state (reached with the operations in `linearized`) cannot lead to a full
   * linearization. `list` is the entry list with the linearized operations lifted out.
   */
  isDead(state: State, list: EntryList, linearized: Uint32Array): boolean {
    const { next, head } = list;
    for (let entry = next[head]!; entry !== -1 && (entry & 1) === 0; entry = next[entry]!) {
      const read = entry >> 1;
      if (this.checkable[read] === 0) continue;
      if (this.growth.stillReadable(state, this.input.inputs[read]!, this.input.outputs[read]!))
        continue;
      if (this.hasPendingRescuer(read, linearized)) continue;
      this.pruned++;
      return true;
    }
    return false;
  }

  private hasPendingRescuer(read: number, linearized: Uint32Array): boolean {
    const rescuers = this.rescuers[read]!;
    for (let index = 0; index < rescuers.length; index++) {
      const reset = rescuers[index]!;
      if ((linearized[reset >> 5]! & (1 << (reset & 31))) === 0) return true;
    }
    return false;
  }
}
