import type { Operation } from "./operation.js";

/** A part of a history that can be checked alone (P-compositionality), e.g. one key. */
export interface PartitionSpec {
  /** What the part is, for people: "key 7". */
  label: string;
  /** Indexes into the history's operations. */
  operationIndexes: number[];
}

/**
 * A sequential specification. `step` must be pure: it returns the state after applying
 * `input` with the observed `output`, or `undefined` when that output is impossible from
 * `state`. States are compared with `equal` and bucketed by `hash`; equal states must have
 * equal hashes.
 */
export interface Model<State, Input, Output> {
  readonly name: string;
  init(): State;
  step(state: State, input: Input, output: Output): State | undefined;
  equal(first: State, second: State): boolean;
  hash(state: State): number;
  /** Splits a history into independently checkable parts; without it the history is one part. */
  partition?(operations: readonly Operation<Input, Output>[]): PartitionSpec[];
  /**
   * True when the operation never changes the state wherever it is legal (a read with a known
   * value, a refused cas). The search places such operations without branching, so a wrong
   * `true` makes the checker wrong; leave it out when unsure.
   */
  readOnly?(input: Input, output: Output): boolean;
  /** Optional knowledge that lets the search drop dead states early: see `GrowthKnowledge`. */
  growth?: GrowthKnowledge<State, Input, Output>;
  describeOperation?(input: Input, output: Output): string;
  describeState?(state: State): string;
  /** A rough size of a state in bytes, for the memory budget; 64 when absent. */
  estimateStateBytes?(state: State): number;
}

/**
 * What a model knows about how its state can evolve, for pruning. Every operation either
 * `resets` the state (may set it to a value of its own: a write, a put, a cas that may apply)
 * or only grows it (an append extends a value; a read leaves it). Of a read-only operation
 * the search asks `stillReadable(state, ...)`: could it be legal in some state grown from
 * `state`? and `readableAfterReset(reset, read)`: could it be legal in some state grown from
 * what `reset` leaves? When neither the current state nor any reset still pending that may
 * come before the read can lead to it, the state is dropped. Both must answer false only
 * when that is impossible (a kv value that is not a prefix of what a later get returned can
 * never become it by appends). With `readsFollow` the search also looks, before it starts,
 * for two reads that no order can satisfy (see GrowthPruning.findConflict).
 */
export interface GrowthKnowledge<State, Input, Output> {
  resets(input: Input, output: Output): boolean;
  stillReadable(state: State, input: Input, output: Output): boolean;
  readableAfterReset(
    resetInput: Input,
    resetOutput: Output,
    readInput: Input,
    readOutput: Output,
  ): boolean;
  /**
   * Could the read-only `later` be legal in a state grown, without reset, from any state in
   * which the read-only `earlier` was legal? (A kv get's value must extend an earlier get's.)
   */
  readsFollow(
    earlierInput: Input,
    earlierOutput: Output,
    laterInput: Input,
    laterOutput: Output,
  ): boolean;
  /** When present, a reset affects only reads of its own group (a whole map's key). */
  group?(input: Input): string;
  /**
   * False to use this knowledge only for the conflict check before the search, not at every
   * step (for registers, where reads are rarely ruled out early and the per-step check only costs).
   */
  pruneDuringSearch?: boolean;
}

/**
 * A model where one step may lead to several states (or none: an illegal output). The
 * power-set wrapper (`powerSetModel`) turns it into a `Model` whose state is the set of states.
 */
export interface NondeterministicModel<State, Input, Output> {
  readonly name: string;
  init(): State[];
  step(state: State, input: Input, output: Output): State[];
  equal(first: State, second: State): boolean;
  hash(state: State): number;
  partition?(operations: readonly Operation<Input, Output>[]): PartitionSpec[];
  describeOperation?(input: Input, output: Output): string;
  describeState?(state: State): string;
}

// biome-ignore lint/suspicious/noExplicitAny: a model of any state, input and output types.
export type AnyModel = Model<any, any, any>;

export function describeOperationWith<Input, Output>(
  model: Model<unknown, Input, Output>,
  input: Input,
  output: Output,
): string {
  if (model.describeOperation) return model.describeOperation(input, output);
  return shorten(`${JSON.stringify(input)} -> ${JSON.stringify(output)}`);
}

export function describeStateWith<State>(
  model: Model<State, unknown, unknown>,
  state: State,
): string {
  if (model.describeState) return model.describeState(state);
  return shorten(JSON.stringify(state) ?? String(state));
}

/** Descriptions end up in reports once per step: keep each short. */
function shorten(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}
