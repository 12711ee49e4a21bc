import type { Model } from "./model.js";
import type { Operation } from "./operation.js";
import { partitionInput } from "./partition-input.js";
import type { MinimalHistory } from "./result.js";
import { PartitionSearch } from "./search/partition-search.js";

export interface MinimizeBudget {
  /** performance.now() time at which to stop and return the smallest found so far. */
  deadlineMs: number;
  memoryBytes: number;
}

const memoBytesMax = 16 * 1024 * 1024;

/**
 * Shrinks an illegal history to a smaller one that fails for the same reason: removes
 * read-only operations (halves, then quarters, ... then one at a time, as delta debugging
 * does) while the rest stays illegal, until no single one can go or the budget ends. Only
 * read-only operations may go: a linearization of the whole history, with a read-only
 * operation left out, is one of the rest, so the rest failing proves the whole fails. (Left
 * out, a write could make a lone read of its value "illegal", which would prove nothing.)
 * A removal whose check runs out of budget is not taken: the result is always illegal.
 */
export function minimizeIllegal<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  operationIds: readonly number[],
  budget: MinimizeBudget,
): MinimalHistory {
  const startedMs = performance.now();
  const isReadOnly = (id: number): boolean =>
    model.readOnly?.(operations[id]!.input, operations[id]!.output) ?? false;
  const kept = operationIds.filter((id) => !isReadOnly(id));
  let checks = 0;
  const isIllegal = (reads: readonly number[]): boolean => {
    checks++;
    return checkIllegal(model, operations, [...kept, ...reads], budget);
  };
  let current = operationIds.filter(isReadOnly);
  let chunk = Math.max(1, Math.ceil(current.length / 2));
  let complete = false;
  while (performance.now() < budget.deadlineMs) {
    let removedAny = false;
    let start = 0;
    while (start < current.length && performance.now() < budget.deadlineMs) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (isIllegal(candidate)) {
        current = candidate;
        removedAny = true;
      } else start += chunk;
    }
    if (start < current.length) break;
    if (chunk === 1 && !removedAny) {
      complete = true;
      break;
    }
    chunk = Math.max(1, Math.ceil(chunk / 2));
  }
  const remaining = new Set([...kept, ...current]);
  return {
    operationIds: operationIds.filter((id) => remaining.has(id)),
    readOnlyKept: current,
    readOnlyRemoved: operationIds.length - kept.length - current.length,
    complete,
    checks,
    elapsedMs: performance.now() - startedMs,
  };
}

function checkIllegal<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  ids: readonly number[],
  budget: MinimizeBudget,
): boolean {
  const search = new PartitionSearch(model, partitionInput(operations, ids), {
    trackLinearizations: false,
    memoBytesMax,
    setupDeadlineMs: budget.deadlineMs,
  });
  while (search.status === "running") {
    if (search.run(1 << 16, budget.deadlineMs, budget.memoryBytes) === "memory") return false;
  }
  return search.status === "illegal";
}
