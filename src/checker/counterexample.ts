import { describeSequence } from "./linearization-info.js";
import { describeStateWith, type Model } from "./model.js";
import type { CounterexampleEnding } from "./result.js";
import type { PartitionSearch, Prefix } from "./search/partition-search.js";

/**
 * The endings of an illegal partition's search: for each longest linearizable prefix (one per
 * distinct state it reached), the operations that could come next and the state from which
 * each of them is illegal. At a longest prefix every such candidate is illegal — were one
 * legal, the search would have reached a longer prefix — so these are exactly the operations
 * that "cannot be placed".
 */
export function counterexampleEndings<State>(
  search: PartitionSearch<State, unknown, unknown>,
  model: Model<State, unknown, unknown>,
  globalIds: readonly number[],
): CounterexampleEnding[] {
  const prefixes: Prefix[] =
    search.deepestPrefixes.length > 0
      ? search.deepestPrefixes
      : [{ operations: new Int32Array(0), stateId: 0 }];
  return prefixes.map((prefix) => describeEnding(search, model, prefix, globalIds));
}

function describeEnding<State>(
  search: PartitionSearch<State, unknown, unknown>,
  model: Model<State, unknown, unknown>,
  prefix: Prefix,
  globalIds: readonly number[],
): CounterexampleEnding {
  const inPrefix = new Uint8Array(search.operationCount);
  for (const operation of prefix.operations) inPrefix[operation] = 1;
  const candidates: number[] = [];
  let mustPrecede = -1;
  for (const entry of search.entryOrder) {
    const operation = entry >> 1;
    if (inPrefix[operation]) continue;
    if ((entry & 1) === 0) {
      candidates.push(operation);
      continue;
    }
    mustPrecede = operation;
    break;
  }
  const blocked = candidates.filter(
    (operation) => search.states.transition(prefix.stateId, operation) < 0,
  );
  return {
    prefix: describeSequence(search, model, prefix.operations, globalIds),
    state: describeStateWith(model, search.states.values[prefix.stateId]!),
    blocked: blocked.map((operation) => globalIds[operation]!),
    mustPrecede: mustPrecede >= 0 ? globalIds[mustPrecede]! : -1,
  };
}
