import { counterexampleEndings } from "./counterexample.js";
import { describeSequence, partialLinearizations } from "./linearization-info.js";
import { minimizeIllegal } from "./minimize.js";
import {
  describeOperationWith,
  describeStateWith,
  type Model,
  type PartitionSpec,
} from "./model.js";
import { eventsToOperations, type HistoryEvent, type Operation } from "./operation.js";
import { type CheckOptions, type ResolvedCheckOptions, resolveCheckOptions } from "./options.js";
import { partitionInput, partitionOperations, validateOperations } from "./partition-input.js";
import type {
  CheckedOperation,
  CheckResult,
  Counterexample,
  PartitionResult,
  Verdict,
} from "./result.js";
import { runSearches, type ScheduledSearch } from "./schedule.js";
import { PartitionSearch } from "./search/partition-search.js";

/** The most time the checks before the search may take, whatever the timeout. */
const setupTimeMsMax = 2000;
/** The transition memo's share of the memory budget, per partition. */
const memoShareOfBudget = 1 / 16;

/**
 * Checks a history of operations against a model: `ok` when it is linearizable, `illegal`
 * when it is not (with a counterexample), `unknown` when the time or memory budget ran out
 * first. A partitioned model's parts are checked side by side; the verdict is `illegal` if any
 * part is, else `unknown` if any ran out, else `ok`.
 */
export function checkOperations<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  options: CheckOptions = {},
): CheckResult {
  const startedMs = performance.now();
  const resolved = resolveCheckOptions(options);
  validateOperations(operations);
  const specs = partitionOperations(model, operations);
  // The checks before the search are quadratic in reads: they get a tenth of the time.
  const setupDeadlineMs = startedMs + Math.min(setupTimeMsMax, resolved.timeoutMs / 10);
  const scheduled = specs.map((spec) =>
    scheduleSearch(model, operations, spec, resolved, setupDeadlineMs),
  );
  runSearches(scheduled, {
    deadlineMs: startedMs + resolved.timeoutMs,
    memoryBytes: resolved.memoryBytes,
    visitedConfigurationsMax: resolved.visitedConfigurationsMax,
    all: resolved.all,
  });
  const minimizing = { deadlineMs: performance.now() + resolved.minimizeTimeoutMs, illegalLeft: 0 };
  minimizing.illegalLeft = scheduled.filter((item) => item.search.status === "illegal").length;
  const partitions = scheduled.map((item, index) =>
    partitionResult({
      model,
      operations,
      spec: specs[index]!,
      index,
      item,
      options: resolved,
      minimizing,
    }),
  );
  return {
    verdict: combineVerdicts(partitions.map((partition) => partition.verdict)),
    model: model.name,
    elapsedMs: performance.now() - startedMs,
    operations: checkedOperations(model, operations, specs),
    partitions,
  };
}

/**
 * Checks a history in event form (calls and returns in order, paired by id); a call without
 * a return stays open to the end with `openOutput` as its output.
 */
export function checkEvents<State, Input, Output>(
  model: Model<State, Input, Output>,
  events: readonly HistoryEvent<Input, Output>[],
  openOutput: Output,
  options: CheckOptions = {},
): CheckResult {
  return checkOperations(model, eventsToOperations(events, openOutput), options);
}

/** illegal over unknown over ok. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes("illegal")) return "illegal";
  if (verdicts.includes("unknown")) return "unknown";
  return "ok";
}

function scheduleSearch<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  spec: PartitionSpec,
  options: ResolvedCheckOptions,
  setupDeadlineMs: number,
): ScheduledSearch {
  const search = new PartitionSearch(model, partitionInput(operations, spec.operationIndexes), {
    trackLinearizations: options.linearizations,
    memoBytesMax: Math.floor(options.memoryBytes * memoShareOfBudget),
    setupDeadlineMs,
  });
  return { search, elapsedMs: 0, peakMemoryBytes: search.memoryBytes(), peakVisited: 0 };
}

function checkedOperations<Input, Output>(
  model: Model<unknown, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  specs: readonly PartitionSpec[],
): CheckedOperation[] {
  const partitionOf = new Int32Array(operations.length);
  specs.forEach((spec, index) => {
    for (const operationIndex of spec.operationIndexes) partitionOf[operationIndex] = index;
  });
  return operations.map((operation, id) => ({
    id,
    clientId: operation.clientId,
    callTime: operation.callTime,
    returnTime: operation.returnTime,
    description: describeOperationWith(model, operation.input, operation.output),
    partition: partitionOf[id]!,
  }));
}

interface PartitionResultInput<State, Input, Output> {
  model: Model<State, Input, Output>;
  operations: readonly Operation<Input, Output>[];
  spec: PartitionSpec;
  index: number;
  item: ScheduledSearch;
  options: ResolvedCheckOptions;
  /** The shrinking budget is for the whole check, shared by its illegal partitions in turn. */
  minimizing: { deadlineMs: number; illegalLeft: number };
}

function partitionResult<State, Input, Output>(
  input: PartitionResultInput<State, Input, Output>,
): PartitionResult {
  const { model, spec, item, options } = input;
  const search = item.search as PartitionSearch<State, unknown, unknown>;
  const anyModel = model as Model<State, unknown, unknown>;
  const ids = spec.operationIndexes;
  const verdict: Verdict = search.status === "running" ? "unknown" : search.status;
  const result: PartitionResult = {
    index: input.index,
    label: spec.label,
    verdict,
    operationIds: [...ids],
    elapsedMs: item.elapsedMs,
    iterations: search.iterations,
    visitedConfigurations: item.peakVisited,
    distinctStates: search.states.size,
    peakMemoryBytes: item.peakMemoryBytes,
    initialState: describeStateWith(anyModel, search.states.values[0]!),
  };
  if (verdict === "unknown") result.unknownReason = search.unknownReason ?? "timeout";
  if (options.linearizations) {
    if (search.linearization)
      result.linearization = describeSequence(search, anyModel, search.linearization, ids);
    Object.assign(result, partialLinearizations(search, anyModel, ids));
  }
  if (verdict === "illegal" && options.counterexample) {
    result.counterexample = search.conflict
      ? conflictCounterexample(input, search.conflict)
      : { endings: counterexampleEndings(search, anyModel, ids), minimal: minimal(input) };
  }
  return result;
}

/**
 * The counterexample of two conflicting reads. Its sub-history — every state-changing
 * operation and just the two reads — is illegal by the same argument, so it needs no search.
 */
function conflictCounterexample<State, Input, Output>(
  input: PartitionResultInput<State, Input, Output>,
  [first, second]: [number, number],
): Counterexample {
  const { model, operations, spec } = input;
  const ids = spec.operationIndexes;
  const reads = [ids[first]!, ids[second]!];
  const isReadOnly = (id: number) =>
    model.readOnly?.(operations[id]!.input, operations[id]!.output) ?? false;
  const kept = ids.filter((id) => !isReadOnly(id) || reads.includes(id));
  return {
    endings: [],
    conflict: { first: reads[0]!, second: reads[1]! },
    minimal: {
      operationIds: kept,
      readOnlyKept: reads,
      readOnlyRemoved: ids.length - kept.length,
      complete: false,
      checks: 0,
      elapsedMs: 0,
    },
  };
}

function minimal<State, Input, Output>(input: PartitionResultInput<State, Input, Output>) {
  const { model, operations, spec, options, minimizing } = input;
  const share = (minimizing.deadlineMs - performance.now()) / Math.max(1, minimizing.illegalLeft);
  minimizing.illegalLeft--;
  if (options.minimizeTimeoutMs <= 0 || share <= 0) return undefined;
  return minimizeIllegal(model, operations, spec.operationIndexes, {
    deadlineMs: performance.now() + share,
    memoryBytes: options.memoryBytes,
  });
}
