import type { Model, PartitionSpec } from "./model.js";
import { CheckerInputError, type Operation } from "./operation.js";
import type { PartitionInput } from "./search/partition-search.js";

/** Checks the operations' times: finite calls, returns absent or not before their calls. */
export function validateOperations(operations: readonly Operation<unknown, unknown>[]): void {
  operations.forEach((operation, index) => {
    if (!Number.isFinite(operation.callTime)) {
      throw new CheckerInputError(`operation ${index}: callTime must be a finite number`);
    }
    const returnTime = operation.returnTime;
    if (returnTime === null) return;
    if (!Number.isFinite(returnTime) || returnTime < operation.callTime) {
      throw new CheckerInputError(
        `operation ${index}: returnTime ${returnTime} must be a finite number not before callTime ${operation.callTime}`,
      );
    }
  });
}

/** The partitions of a history: the model's, or the whole history as one. */
export function partitionOperations<Input, Output>(
  model: Model<unknown, Input, Output>,
  operations: readonly Operation<Input, Output>[],
): PartitionSpec[] {
  if (!model.partition) {
    return [{ label: "all", operationIndexes: operations.map((_operation, index) => index) }];
  }
  const specs = model.partition(operations);
  const seen = new Uint8Array(operations.length);
  for (const spec of specs) {
    for (const index of spec.operationIndexes) {
      if (!(index >= 0 && index < operations.length) || seen[index]) {
        throw new CheckerInputError(
          `model ${model.name}: partition ${spec.label} names operation ${index} twice or out of range`,
        );
      }
      seen[index] = 1;
    }
  }
  return specs;
}

/** The columns the search reads for one partition, in partition-local operation order. */
export function partitionInput<Input, Output>(
  operations: readonly Operation<Input, Output>[],
  operationIndexes: readonly number[],
): PartitionInput<Input, Output> {
  const count = operationIndexes.length;
  const callTimes = new Float64Array(count);
  const returnTimes = new Float64Array(count);
  const inputs: Input[] = [];
  const outputs: Output[] = [];
  operationIndexes.forEach((operationIndex, local) => {
    const operation = operations[operationIndex]!;
    callTimes[local] = operation.callTime;
    returnTimes[local] = operation.returnTime ?? Number.POSITIVE_INFINITY;
    inputs.push(operation.input);
    outputs.push(operation.output);
  });
  return { inputs, outputs, callTimes, returnTimes };
}
