import type { Model, NondeterministicModel } from "../model.js";

/**
 * Turns a nondeterministic model into a deterministic one whose state is the set of states
 * the inner model may be in. A step maps every member and keeps the distinct results; it is
 * illegal when no member can take it. Members are kept in a canonical order (by hash, then
 * insertion) only for description; equality and hash ignore order.
 */
export function powerSetModel<State, Input, Output>(
  inner: NondeterministicModel<State, Input, Output>,
): Model<readonly State[], Input, Output> {
  const distinct = (states: readonly State[]): State[] => {
    const kept: State[] = [];
    for (const state of states) {
      if (!kept.some((other) => inner.equal(other, state))) kept.push(state);
    }
    return kept;
  };
  const model: Model<readonly State[], Input, Output> = {
    name: inner.name,
    init: () => distinct(inner.init()),
    step(states, input, output) {
      const next = distinct(states.flatMap((state) => inner.step(state, input, output)));
      return next.length === 0 ? undefined : next;
    },
    equal(first, second) {
      if (first.length !== second.length) return false;
      return first.every((state) => second.some((other) => inner.equal(state, other)));
    },
    hash(states) {
      let hash = states.length;
      for (const state of states) hash ^= inner.hash(state);
      return hash | 0;
    },
    describeState(states) {
      const describe = inner.describeState ?? ((state: State) => JSON.stringify(state));
      return states.length === 1
        ? describe(states[0]!)
        : `one of {${states.map(describe).join(", ")}}`;
    },
  };
  if (inner.partition) model.partition = (operations) => inner.partition!(operations);
  if (inner.describeOperation) {
    model.describeOperation = (input, output) => inner.describeOperation!(input, output);
  }
  return model;
}
