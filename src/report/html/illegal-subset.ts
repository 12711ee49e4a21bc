import type {
  CheckResult,
  Counterexample,
  CounterexampleEnding,
  LinearizationStep,
  PartitionResult,
} from "../../checker/index.js";

/**
 * The part of a check result the page's counterexample view needs: only the illegal
 * partitions (keys) and their operations. A run checks thousands of operations over many keys;
 * embedding all of them would make the page megabytes for nothing, since a reader of a
 * counterexample looks at the failing keys. Operations are renumbered densely (ids equal
 * positions again) and every reference to an id is mapped, so the result is a valid
 * `CheckResult` on its own.
 */

export interface IllegalSubset {
  result: CheckResult;
  /** Illegal partitions left out beyond `partitionsMax`. */
  omittedPartitions: number;
}

export function illegalSubset(
  result: CheckResult,
  options: { partitionsMax: number },
): IllegalSubset {
  const illegal = result.partitions.filter((partition) => partition.verdict === "illegal");
  const kept = illegal.slice(0, options.partitionsMax);
  const newIdOf = new Map<number, number>();
  const keptPartitionIndex = new Map<number, number>();
  kept.forEach((partition, newIndex) => {
    keptPartitionIndex.set(partition.index, newIndex);
    for (const id of partition.operationIds) {
      if (!newIdOf.has(id)) newIdOf.set(id, newIdOf.size);
    }
  });
  const mapId = (id: number): number => (id < 0 ? id : (newIdOf.get(id) ?? -1));
  const operations = result.operations
    .filter((operation) => newIdOf.has(operation.id))
    .map((operation) => ({
      ...operation,
      id: mapId(operation.id),
      partition: keptPartitionIndex.get(operation.partition) ?? 0,
    }))
    .sort((left, right) => left.id - right.id);
  const partitions = kept.map((partition, newIndex) => remapPartition(partition, newIndex, mapId));
  return {
    result: { ...result, operations, partitions },
    omittedPartitions: illegal.length - kept.length,
  };
}

function remapPartition(
  partition: PartitionResult,
  newIndex: number,
  mapId: (id: number) => number,
): PartitionResult {
  const remapped: PartitionResult = {
    ...partition,
    index: newIndex,
    operationIds: partition.operationIds.map(mapId),
  };
  if (partition.linearization) remapped.linearization = remapSteps(partition.linearization, mapId);
  if (partition.partialLinearizations) {
    remapped.partialLinearizations = partition.partialLinearizations.map((steps) =>
      remapSteps(steps, mapId),
    );
  }
  if (partition.counterexample)
    remapped.counterexample = remapCounterexample(partition.counterexample, mapId);
  return remapped;
}

function remapSteps(
  steps: readonly LinearizationStep[],
  mapId: (id: number) => number,
): LinearizationStep[] {
  return steps.map((step) => ({ ...step, operationId: mapId(step.operationId) }));
}

function remapCounterexample(
  counterexample: Counterexample,
  mapId: (id: number) => number,
): Counterexample {
  const endings = counterexample.endings.map(
    (ending): CounterexampleEnding => ({
      ...ending,
      prefix: remapSteps(ending.prefix, mapId),
      blocked: ending.blocked.map(mapId),
      mustPrecede: mapId(ending.mustPrecede),
    }),
  );
  const minimal = counterexample.minimal && {
    ...counterexample.minimal,
    operationIds: counterexample.minimal.operationIds.map(mapId),
    readOnlyKept: counterexample.minimal.readOnlyKept.map(mapId),
  };
  return { endings, minimal };
}
