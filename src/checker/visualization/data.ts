import type { CheckResult } from "../result.js";
import type { VisualizationAnnotation } from "./annotation.js";

/** The data the page's script draws, embedded in the page as JSON. */
export interface VisualizationData {
  verdict: string;
  model: string;
  annotations: VisualizationAnnotation[];
  partitions: PartitionView[];
}

interface PartitionView {
  label: string;
  verdict: string;
  unknownReason: string | null;
  initialState: string;
  operations: { id: number; client: string; call: number; ret: number | null; text: string }[];
  /** Linearizations (steps: operation id and state after). */
  sequences: { id: number; state: string }[][];
  /** Operation id -> index into `sequences` of the longest one containing it. */
  sequenceOf: Record<number, number>;
  blocked: number[];
  mustPrecede: number;
  failState: string | null;
  /** Why the partition is illegal when no prefix explains it (two conflicting reads). */
  note: string | null;
  /** Index into `sequences` of the counterexample's longest prefix (shown first), or -1. */
  failSequence: number;
}

const conflictNote =
  "The marked reads cannot both be right in either order: the later one's value cannot grow from the earlier one's, and no write that could come between them starts it.";

export function visualizationData(
  result: CheckResult,
  annotations: readonly VisualizationAnnotation[],
): VisualizationData {
  return {
    verdict: result.verdict,
    model: result.model,
    annotations: [...annotations],
    partitions: result.partitions.map((partition) => {
      const operations = partition.operationIds.map((id) => {
        const operation = result.operations[id]!;
        return {
          id,
          client: String(operation.clientId),
          call: operation.callTime,
          ret: operation.returnTime,
          text: operation.description,
        };
      });
      const ending = partition.counterexample?.endings[0];
      const { sequences, sequenceOf } = sequencesOf(partition);
      let failSequence = -1;
      if (ending) {
        // The failure's own prefix (possibly empty: the very first operation fails) is what
        // the view shows first, and what the operations that cannot be placed lead to.
        failSequence = sequences.length;
        sequences.push(
          ending.prefix.map((step) => ({ id: step.operationId, state: step.stateAfter })),
        );
        for (const id of [...ending.blocked, ending.mustPrecede]) {
          if (id >= 0 && sequenceOf[id] === undefined) sequenceOf[id] = failSequence;
        }
      }
      return {
        label: partition.label,
        verdict: partition.verdict,
        unknownReason: partition.unknownReason ?? null,
        initialState: partition.initialState,
        operations,
        sequences,
        sequenceOf,
        blocked: ending?.blocked ?? conflictIds(partition),
        mustPrecede: ending?.mustPrecede ?? -1,
        failState: ending ? ending.state : null,
        note: partition.counterexample?.conflict ? conflictNote : null,
        failSequence,
      };
    }),
  };
}

/**
 * The linearizations to show on hover: the per-operation longest ones when the check kept
 * them; else the complete one (ok) or the counterexample's longest prefix, for every
 * operation it contains and for the operations that could not follow it.
 */
function sequencesOf(
  partition: CheckResult["partitions"][number],
): Pick<PartitionView, "sequences" | "sequenceOf"> {
  const toSteps = (steps: { operationId: number; stateAfter: string }[]) =>
    steps.map((step) => ({ id: step.operationId, state: step.stateAfter }));
  const sequenceOf: Record<number, number> = {};
  if (partition.partialLinearizations && partition.longestLinearizationOf) {
    partition.operationIds.forEach((id, position) => {
      const index = partition.longestLinearizationOf![position]!;
      if (index >= 0) sequenceOf[id] = index;
    });
    return { sequences: partition.partialLinearizations.map(toSteps), sequenceOf };
  }
  const ending = partition.counterexample?.endings[0];
  const steps = partition.linearization ?? ending?.prefix;
  if (!steps) return { sequences: [], sequenceOf };
  for (const step of steps) sequenceOf[step.operationId] = 0;
  for (const id of ending?.blocked ?? []) sequenceOf[id] = 0;
  return { sequences: [toSteps(steps)], sequenceOf };
}

function conflictIds(partition: CheckResult["partitions"][number]): number[] {
  const conflict = partition.counterexample?.conflict;
  return conflict ? [conflict.first, conflict.second] : [];
}

/** JSON that is safe inside a <script> element. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
