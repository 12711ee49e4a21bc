import type { Model, PartitionSpec } from "../model.js";
import type { Operation } from "../operation.js";

export interface KeyedModelOptions {
  /** Prefix each operation's description with its key (off when the inner model names keys itself). */
  describeKeys?: boolean;
}

/**
 * Checks any model per key: operations carry a `key`, and the history is split by it
 * (P-compositionality: a history is linearizable iff each key's sub-history is). The state
 * of each part is the inner model's state.
 */
export function keyedModel<State, Input, Output>(
  inner: Model<State, Input, Output>,
  options: KeyedModelOptions = {},
): Model<State, Input & { key: string }, Output> {
  const describeKeys = options.describeKeys ?? true;
  const model: Model<State, Input & { key: string }, Output> = {
    name: inner.name,
    init: () => inner.init(),
    step: (state, input, output) => inner.step(state, input, output),
    equal: (first, second) => inner.equal(first, second),
    hash: (state) => inner.hash(state),
    partition: partitionByKey,
    describeOperation(input, output) {
      const text = inner.describeOperation
        ? inner.describeOperation(input, output)
        : `${JSON.stringify(input)} -> ${JSON.stringify(output)}`;
      return describeKeys ? `${input.key}: ${text}` : text;
    },
  };
  if (inner.growth) model.growth = inner.growth;
  if (inner.readOnly) model.readOnly = (input, output) => inner.readOnly!(input, output);
  if (inner.describeState) model.describeState = (state) => inner.describeState!(state);
  if (inner.estimateStateBytes)
    model.estimateStateBytes = (state) => inner.estimateStateBytes!(state);
  return model;
}

/** Groups operations by `input.key`, keys in the order they first appear. */
export function partitionByKey<Output>(
  operations: readonly Operation<{ key: string }, Output>[],
): PartitionSpec[] {
  const byKey = new Map<string, number[]>();
  operations.forEach((operation, index) => {
    const key = operation.input.key;
    let indexes = byKey.get(key);
    if (!indexes) {
      indexes = [];
      byKey.set(key, indexes);
    }
    indexes.push(index);
  });
  return [...byKey].map(([key, operationIndexes]) => ({ label: `key ${key}`, operationIndexes }));
}
