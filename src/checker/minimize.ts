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
 * Shrinks an illegal sub-history: removes operations (halves, then quarters, ... then one at
 * a time, as delta debugging does) while the rest stays illegal, until no single operation
 * can go or the budget ends. A removal whose check runs out of budget is not taken: the
 * result is always illegal. `focus`, when given, is tried first as a whole (e.g. the
 * operations called before the counterexample's deadline), which often halves the work.
 */
export function minimizeIllegal<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  operationIds: readonly number[],
  budget: MinimizeBudget,
  focus?: readonly number[],
): MinimalHistory {
  const startedMs = performance.now();
  let checks = 0;
  const isIllegal = (ids: readonly number[]): boolean => {
    checks++;
    return checkIllegal(model, operations, ids, budget);
  };
  let current = [...operationIds];
  if (focus && focus.length < current.length && isIllegal(focus)) current = [...focus];
  let chunk = Math.max(1, Math.ceil(current.length / 2));
  let complete = false;
  while (performance.now() < budget.deadlineMs) {
    let removedAny = false;
    let start = 0;
    while (start < current.length && performance.now() < budget.deadlineMs) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (candidate.length > 0 && isIllegal(candidate)) {
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
  return { operationIds: current, complete, checks, elapsedMs: performance.now() - startedMs };
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
  });
  while (search.status === "running") {
    if (search.run(1 << 16, budget.deadlineMs, budget.memoryBytes) === "memory") return false;
  }
  return search.status === "illegal";
}
