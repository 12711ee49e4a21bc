import type { HistoryValue, OperationFunction } from "../history/types.js";
import { KeyPool } from "./key-pool.js";
import { type PlannedOperation, planOperation } from "./operation.js";
import { defaultMix, operationsOf, type WorkloadOptions } from "./options.js";
import type { Random } from "./random.js";

/** How an operation ended, as far as what the workload learns from it. */
export interface Completion {
  type: "ok" | "fail" | "info";
  /** The completion record's value (for reads: the value read). */
  value: HistoryValue;
  /** On a cas `ok`: whether it applied. */
  applied?: boolean;
  /** On a refused cas: the value the state machine holds instead (the cas's next `from`). */
  current?: HistoryValue;
}

/**
 * Draws operations: the function by the mix, the key from the pool, values unique per key. It
 * also remembers what each client saw, so a cas usually expects the value that is there.
 */
export class OperationGenerator {
  readonly keys: KeyPool;
  private readonly weights: { f: OperationFunction; cumulative: number }[] = [];
  private readonly total: number;

  constructor(
    options: WorkloadOptions,
    private readonly random: Random,
  ) {
    this.keys = new KeyPool(options.keys, options.opsPerKey);
    const mix = options.mix ?? defaultMix[options.kind];
    let cumulative = 0;
    for (const f of operationsOf[options.kind]) {
      const weight = mix[f] ?? 0;
      if (weight <= 0) continue;
      cumulative += weight;
      this.weights.push({ f, cumulative });
    }
    this.total = cumulative;
  }

  /** The next operation of the client in `slot`. */
  next(slot: number): PlannedOperation {
    const draw = this.random() * this.total;
    const chosen = this.weights.find((weight) => draw < weight.cumulative) ?? this.weights.at(-1);
    if (chosen === undefined) throw new Error("the operation mix is empty");
    return planOperation(chosen.f, this.keys.take(this.random), slot);
  }

  /** Remembers what an ended operation showed about its key's value. */
  learn(operation: PlannedOperation, slot: number, completion: Completion): void {
    if (completion.type !== "ok") return;
    const known = knownValue(operation, completion);
    if (known === undefined) return;
    operation.key.lastByClient.set(slot, known);
    operation.key.lastObserved = known;
  }
}

/** The key's value right after the operation, when the operation tells it; else undefined. */
function knownValue(operation: PlannedOperation, completion: Completion): HistoryValue | undefined {
  switch (operation.f) {
    case "read":
    case "get":
      return completion.value;
    case "write":
    case "put":
      return operation.value;
    case "cas": {
      if (completion.applied === false) return completion.current;
      const pair = operation.value as [HistoryValue, HistoryValue];
      return pair[1];
    }
    default:
      // An append's result is the old value plus its token; the old value is not known here.
      return undefined;
  }
}
