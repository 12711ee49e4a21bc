import {
  type CheckOptions,
  type CheckResult,
  casRegisterModel,
  checkOperations,
  createKvMapModel,
  type KvInput,
  keyedModel,
  kvKeyModel,
  type Model,
  type ModelOutput,
  type Operation,
  type RegisterInput,
  registerModel,
  type Value,
  type VisualizationAnnotation,
} from "../checker/index.js";
import type { ClientRecord, HistoryRecord, ModelName } from "../history/types.js";

export const modelNames: readonly ModelName[] = [
  "register",
  "cas-register",
  "kv",
  "kv-unpartitioned",
];

/** A history whose operations the chosen model cannot take (e.g. an append under `register`). Exit 64. */
export class HistoryModelError extends Error {
  readonly exitCode = 64;
  override name = "HistoryModelError";
}

type CheckerInput = (RegisterInput & { key: string }) | KvInput;
type CheckerOperation = Operation<CheckerInput, ModelOutput>;

/** The checker's model for a model name: register, cas-register and kv per key; kv-unpartitioned whole. */
export function checkerModel(name: ModelName): Model<unknown, CheckerInput, ModelOutput> {
  const models: Record<ModelName, Model<unknown, never, ModelOutput>> = {
    register: keyedModel(registerModel),
    "cas-register": keyedModel(casRegisterModel),
    kv: keyedModel(kvKeyModel, { describeKeys: false }),
    "kv-unpartitioned": createKvMapModel(),
  };
  return models[name] as Model<unknown, CheckerInput, ModelOutput>;
}

export interface HistoryOperations {
  operations: CheckerOperation[];
  /** The records (invoke, completion) each operation came from, by operation index. */
  sources: { invoke: ClientRecord; completion: ClientRecord | undefined }[];
  annotations: VisualizationAnnotation[];
}

/**
 * Pairs a history's records into the checker's operations: an invoke with the next
 * completion of its process. `ok` gives the output (a cas with `applied: false` is a checked
 * refusal); `fail` certainly did not happen, so the operation is left out; `info`, or no
 * completion at all (a history cut short), stays open to the end with an unknown outcome.
 * Nemesis records become annotations.
 */
export function historyToOperations(
  records: readonly HistoryRecord[],
  model: ModelName,
): HistoryOperations {
  type Pair = { invoke: ClientRecord; completion: ClientRecord | undefined };
  const open = new Map<number, Pair>();
  const pairs: Pair[] = [];
  const annotations: VisualizationAnnotation[] = [];
  for (const record of records) {
    if (record.process === "nemesis") {
      const label =
        record.value === undefined ? record.f : `${record.f} ${JSON.stringify(record.value)}`;
      annotations.push({ startNs: record.timeNs, endNs: record.endNs, label, kind: record.f });
      continue;
    }
    if (record.type === "invoke") {
      const pair: Pair = { invoke: record, completion: undefined };
      open.set(record.process, pair);
      pairs.push(pair);
      continue;
    }
    const pair = open.get(record.process);
    if (!pair) {
      throw new HistoryModelError(
        `record ${record.index}: a ${record.type} of process ${record.process} with no invoke before it`,
      );
    }
    open.delete(record.process);
    pair.completion = record;
  }
  const kept = pairs.filter((pair) => pair.completion?.type !== "fail");
  const operations = kept.map((pair) => toOperation(pair.invoke, pair.completion, model));
  return { operations, sources: kept, annotations };
}

/** Checks a history's records with the named model. */
export function checkHistory(
  records: readonly HistoryRecord[],
  model: ModelName,
  options: CheckOptions = {},
): CheckResult {
  const { operations } = historyToOperations(records, model);
  return checkOperations(checkerModel(model), operations, options);
}

function toOperation(
  invoke: ClientRecord,
  completion: ClientRecord | undefined,
  model: ModelName,
): CheckerOperation {
  const known = completion !== undefined && completion.type === "ok";
  return {
    clientId: invoke.process,
    input: toInput(invoke, model),
    callTime: invoke.timeNs,
    output: known ? toOutput(completion) : { type: "unknown" },
    returnTime: known ? completion.timeNs : null,
  };
}

function toInput(invoke: ClientRecord, model: ModelName): CheckerInput {
  const { f, key, value } = invoke;
  const isRegister = model === "register" || model === "cas-register";
  const allowed =
    model === "register"
      ? ["read", "write"]
      : isRegister
        ? ["read", "write", "cas"]
        : ["get", "put", "append", "cas"];
  if (!allowed.includes(f)) {
    const hint = isRegister ? "kv" : "cas-register";
    throw new HistoryModelError(
      `record ${invoke.index}: '${f}' is not an operation of the ${model} model (it has ${allowed.join(", ")}); try --model ${hint}`,
    );
  }
  if (f === "cas") {
    if (!Array.isArray(value))
      throw new HistoryModelError(`record ${invoke.index}: a cas needs a [from, to] value`);
    const [from, to] = value;
    if (isRegister) return { f, key, from: plainValue(from, invoke), to: plainValue(to, invoke) };
    return { f, key, from: kvText(from, invoke, true), to: kvText(to, invoke, false) as string };
  }
  if (f === "read" || f === "get") return { f, key } as CheckerInput;
  if (f === "write") return { f, key, value: plainValue(value, invoke) };
  return { f, key, value: kvText(value, invoke, false) as string } as CheckerInput;
}

function toOutput(completion: ClientRecord): ModelOutput {
  if (completion.f === "cas") return { type: "ok", applied: completion.applied !== false };
  if (completion.f === "read" || completion.f === "get") {
    return { type: "ok", value: plainValue(completion.value, completion) };
  }
  return { type: "ok" };
}

function plainValue(value: ClientRecord["value"], record: ClientRecord): Value {
  if (Array.isArray(value)) {
    throw new HistoryModelError(
      `record ${record.index}: a ${record.f} value must be nil, a number or a string, not a pair`,
    );
  }
  return value;
}

function kvText(
  value: ClientRecord["value"],
  record: ClientRecord,
  nullable: boolean,
): string | null {
  if (typeof value === "string" || (nullable && value === null)) return value;
  throw new HistoryModelError(
    `record ${record.index}: a kv ${record.f} value must be a string, got ${JSON.stringify(value)}`,
  );
}
