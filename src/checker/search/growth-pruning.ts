import type { GrowthKnowledge } from "../model.js";
import type { EntryList } from "./entry-list.js";
import type { PartitionInput } from "./partition-search.js";

/** Checks after which the pruning turns itself off unless it pruned at least 1 in `trialPrunedShareMin`. */
const trialChecks = 1 << 12;
const trialPrunedShareMin = 64;

/**
 * Drops states from which some pending read can no longer be satisfied (the model's
 * `growth` knowledge). For a read r, the resets that could be linearized before it are those
 * of its group called no later than r returned (intervals are closed). Once all of them are
 * linearized, every state until r is grown from the current one by non-resetting operations,
 * so if the model says r can never be legal from such a state, no linearization continues
 * from here. Only reads callable now (before the first pending return) are checked: that is
 * where a state that misses an append another client already saw gets caught, and it keeps
 * each check to a handful of operations.
 */
export class GrowthPruning<State, Input, Output> {
  /** Per operation: 1 when it is a read the pruning can check. */
  private readonly checkable: Uint8Array;
  /** Per operation: its group's index. */
  private readonly groupOf: Int32Array;
  /** Per group: its resets, by call time. */
  private readonly resetsByCall: Int32Array[];
  /** Per checkable read: how many of its group's resets (a prefix of `resetsByCall`) may precede it. */
  private readonly resetsBefore: Int32Array;
  pruned = 0;
  checks = 0;
  /** Off once a trial shows it rarely prunes (registers with frequent writes): then it only costs. */
  enabled = true;

  constructor(
    private readonly growth: GrowthKnowledge<State, Input, Output>,
    private readonly input: PartitionInput<Input, Output>,
    readOnly: Uint8Array,
  ) {
    const count = input.inputs.length;
    this.checkable = new Uint8Array(count);
    this.groupOf = new Int32Array(count);
    this.resetsBefore = new Int32Array(count);
    const groups = new Map<string, number>();
    const resetLists: number[][] = [];
    for (let operation = 0; operation < count; operation++) {
      const name = growth.group ? growth.group(input.inputs[operation]!) : "";
      let group = groups.get(name);
      if (group === undefined) {
        group = groups.size;
        groups.set(name, group);
        resetLists.push([]);
      }
      this.groupOf[operation] = group;
      this.checkable[operation] = readOnly[operation]!;
      if (growth.resets(input.inputs[operation]!, input.outputs[operation]!))
        resetLists[group]!.push(operation);
    }
    this.resetsByCall = resetLists.map((list) =>
      Int32Array.from(
        list.sort((first, second) => input.callTimes[first]! - input.callTimes[second]!),
      ),
    );
    for (let operation = 0; operation < count; operation++) {
      if (this.checkable[operation])
        this.resetsBefore[operation] = this.countResetsBefore(operation);
    }
  }

  /**
   * True when the state (reached with the operations in `linearized`) cannot lead to a full
   * linearization. `list` is the entry list with the linearized operations lifted out.
   */
  isDead(state: State, list: EntryList, linearized: Uint32Array): boolean {
    if (++this.checks === trialChecks && this.pruned * trialPrunedShareMin < trialChecks)
      this.enabled = false;
    const { next, head } = list;
    let firstPendingGroup = -1;
    let firstPending = 0;
    for (let entry = next[head]!; entry !== -1 && (entry & 1) === 0; entry = next[entry]!) {
      const operation = entry >> 1;
      if (this.checkable[operation] === 0) continue;
      const group = this.groupOf[operation]!;
      if (group !== firstPendingGroup) {
        firstPendingGroup = group;
        firstPending = this.firstPendingReset(group, linearized);
      }
      if (this.resetsBefore[operation]! > firstPending) continue;
      if (
        !this.growth.stillReadable(
          state,
          this.input.inputs[operation]!,
          this.input.outputs[operation]!,
        )
      ) {
        this.pruned++;
        return true;
      }
    }
    return false;
  }

  private firstPendingReset(group: number, linearized: Uint32Array): number {
    const resets = this.resetsByCall[group]!;
    let index = 0;
    while (index < resets.length) {
      const operation = resets[index]!;
      if ((linearized[operation >> 5]! & (1 << (operation & 31))) === 0) break;
      index++;
    }
    return index;
  }

  private countResetsBefore(read: number): number {
    const resets = this.resetsByCall[this.groupOf[read]!]!;
    const returnTime = this.input.returnTimes[read]!;
    let count = 0;
    while (count < resets.length && this.input.callTimes[resets[count]!]! <= returnTime) count++;
    return count;
  }
}
