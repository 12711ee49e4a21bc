import type { Model } from "./model.js";
import { describeStateWith } from "./model.js";
import type { LinearizationStep } from "./result.js";
import type { PartitionSearch } from "./search/partition-search.js";

/**
 * Turns a sequence of partition-local operations into steps with the state after each,
 * replaying the search's memoized transitions. Stops early if a step is illegal (never for
 * a sequence the search produced).
 */
export function describeSequence<State>(
  search: PartitionSearch<State, unknown, unknown>,
  model: Model<State, unknown, unknown>,
  sequence: ArrayLike<number>,
  globalIds: readonly number[],
): LinearizationStep[] {
  const steps: LinearizationStep[] = [];
  let stateId = 0;
  for (let index = 0; index < sequence.length; index++) {
    const operation = sequence[index]!;
    stateId = search.states.transition(stateId, operation);
    if (stateId < 0) break;
    steps.push({
      operationId: globalIds[operation]!,
      stateAfter: describeStateWith(model, search.states.values[stateId]!),
    });
  }
  return steps;
}

/** The state reached after a sequence, described; the initial state for an empty one. */
export function describeStateAfter<State>(
  search: PartitionSearch<State, unknown, unknown>,
  model: Model<State, unknown, unknown>,
  sequence: ArrayLike<number>,
): string {
  let stateId = 0;
  for (let index = 0; index < sequence.length && stateId >= 0; index++) {
    stateId = search.states.transition(stateId, sequence[index]!);
  }
  return stateId < 0 ? "(unreachable)" : describeStateWith(model, search.states.values[stateId]!);
}

/**
 * Steps (with a described state each) the per-operation linearizations may hold in total;
 * past it, operations share the longest one found, so a long history stays displayable.
 */
const partialStepsMax = 200_000;

/** The longest prefixes per operation, deduplicated, and each operation's index among them. */
export function partialLinearizations<State>(
  search: PartitionSearch<State, unknown, unknown>,
  model: Model<State, unknown, unknown>,
  globalIds: readonly number[],
): { partialLinearizations: LinearizationStep[][]; longestLinearizationOf: number[] } {
  const longest = search.longestByOperation ?? [];
  const indexOfArray = new Map<Int32Array, number>();
  const partials: LinearizationStep[][] = [];
  let stepsLeft = partialStepsMax;
  let longestSequence: Int32Array | undefined;
  for (const sequence of longest) {
    if (sequence && (!longestSequence || sequence.length > longestSequence.length))
      longestSequence = sequence;
  }
  const longestLinearizationOf = globalIds.map((_id, operation) => {
    let sequence = longest[operation];
    if (!sequence) return -1;
    if (!indexOfArray.has(sequence) && sequence.length > stepsLeft) sequence = longestSequence!;
    let index = indexOfArray.get(sequence);
    if (index === undefined) {
      index = partials.length;
      indexOfArray.set(sequence, index);
      partials.push(describeSequence(search, model, sequence, globalIds));
      stepsLeft -= sequence.length;
    }
    return index;
  });
  return { partialLinearizations: partials, longestLinearizationOf };
}
