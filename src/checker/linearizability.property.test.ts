import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkOperations } from "./check.js";
import type { Model, NondeterministicModel } from "./model.js";
import { keyedModel } from "./models/keyed.js";
import { type KvInput, kvKeyModel } from "./models/kv.js";
import { createKvMapModel } from "./models/kv-map.js";
import { powerSetModel } from "./models/power-set.js";
import { casRegisterModel, type RegisterInput, registerModel } from "./models/register.js";
import type { ModelOutput, Value } from "./models/values.js";
import type { Operation } from "./operation.js";

/**
 * The checker against a brute-force reference that tries every order of the operations
 * allowed by real time (b must precede a when b returned before a was called), on random
 * histories of at most 8 operations, some indeterminate, for every built-in model. The
 * histories come from a true sequential execution (so many are linearizable); some have one
 * output corrupted (so many are not); both verdicts must occur.
 */

type AnyOperation = Operation<unknown, ModelOutput>;

/** Every order consistent with real time; true if one steps legally through all operations. */
function bruteForceLinearizable<State>(
  initial: State[],
  step: (state: State, operation: AnyOperation) => State[],
  operations: readonly AnyOperation[],
): boolean {
  const returnOf = (operation: AnyOperation) => operation.returnTime ?? Number.POSITIVE_INFINITY;
  const search = (states: State[], remaining: AnyOperation[]): boolean => {
    if (remaining.length === 0) return true;
    return remaining.some((candidate) => {
      const mustWait = remaining.some(
        (other) => other !== candidate && returnOf(other) < candidate.callTime,
      );
      if (mustWait) return false;
      const next = states.flatMap((state) => step(state, candidate));
      return (
        next.length > 0 &&
        search(
          next,
          remaining.filter((other) => other !== candidate),
        )
      );
    });
  };
  return search(initial, [...operations]);
}

function deterministic<State>(model: Model<State, unknown, ModelOutput>) {
  return (state: State, operation: AnyOperation): State[] => {
    const next = model.step(state, operation.input, operation.output);
    return next === undefined ? [] : [next];
  };
}

interface OperationSpec {
  kind: number;
  key: number;
  value: number;
  callBefore: number;
  returnAfter: number;
  indeterminate: boolean;
}

const operationSpec = fc.record({
  kind: fc.nat(9),
  key: fc.nat(1),
  value: fc.nat(2),
  callBefore: fc.nat(4),
  returnAfter: fc.nat(4),
  indeterminate: fc.boolean(),
});

const historySpec = fc.record({
  operations: fc.array(operationSpec, { minLength: 1, maxLength: 8 }),
  corrupt: fc.option(fc.record({ index: fc.nat(7), value: fc.nat(3) }), { nil: undefined }),
});

/** Builds operations around linearization points 10, 20, 30, ... of a true execution. */
function buildHistory<Input>(
  specs: readonly OperationSpec[],
  corrupt: { index: number; value: number } | undefined,
  execute: (spec: OperationSpec) => { input: Input; output: ModelOutput; changes: boolean },
  corruptOutput: (output: ModelOutput, value: number) => ModelOutput,
): Operation<Input, ModelOutput>[] {
  return specs.map((spec, index) => {
    const point = 10 * (index + 1);
    const { input, output, changes } = execute(spec);
    const open = spec.indeterminate && changes;
    const corrupted =
      corrupt && corrupt.index === index && !open ? corruptOutput(output, corrupt.value) : output;
    return {
      clientId: index,
      input,
      callTime: point - spec.callBefore * 5,
      output: open ? { type: "unknown" } : corrupted,
      returnTime: open ? null : point + spec.returnAfter * 5,
    };
  });
}

function registerExecution(withCas: boolean) {
  const values = new Map<string, Value>();
  return (spec: OperationSpec) => {
    const key = `k${spec.key}`;
    const current = values.get(key) ?? null;
    const kind = spec.kind % (withCas ? 3 : 2);
    if (kind === 0)
      return {
        input: { f: "read", key } as RegisterInput & { key: string },
        output: { type: "ok", value: current } as ModelOutput,
        changes: false,
      };
    if (kind === 1) {
      values.set(key, spec.value);
      return {
        input: { f: "write", key, value: spec.value } as RegisterInput & { key: string },
        output: { type: "ok" } as ModelOutput,
        changes: true,
      };
    }
    const from = spec.value % 2 === 0 ? current : spec.value;
    const applied = from === current;
    if (applied) values.set(key, spec.value + 1);
    const input = { f: "cas", key, from, to: spec.value + 1 } as RegisterInput & { key: string };
    return { input, output: { type: "ok", applied } as ModelOutput, changes: applied };
  };
}

function kvExecution() {
  const values = new Map<string, string>();
  return (spec: OperationSpec) => {
    const key = `k${spec.key}`;
    const current = values.get(key) ?? null;
    const kind = spec.kind % 3;
    const text = `v${spec.value}`;
    if (kind === 0)
      return {
        input: { f: "get", key } as KvInput,
        output: { type: "ok", value: current } as ModelOutput,
        changes: false,
      };
    values.set(key, kind === 1 ? text : (current ?? "") + text);
    return {
      input: { f: kind === 1 ? "put" : "append", key, value: text } as KvInput,
      output: { type: "ok" } as ModelOutput,
      changes: true,
    };
  };
}

function corruptRead(output: ModelOutput, value: number): ModelOutput {
  if (output.type !== "ok") return output;
  if (output.applied !== undefined) return { type: "ok", applied: !output.applied };
  if ("value" in output) return { type: "ok", value: value === 3 ? null : value };
  return output;
}

function corruptKvRead(output: ModelOutput, value: number): ModelOutput {
  if (output.type !== "ok" || !("value" in output)) return output;
  return { type: "ok", value: value === 3 ? null : `v${value}` };
}

interface Case {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each case pairs a model with its own history shape.
  model: Model<any, any, ModelOutput>;
  reference: (operations: readonly AnyOperation[]) => boolean;
  build: (
    specs: OperationSpec[],
    corrupt: { index: number; value: number } | undefined,
  ) => AnyOperation[];
}

/** A cas register where an unknown cas may or may not have applied: nondeterministic, checked through the power set. */
const eitherWayCasRegister: NondeterministicModel<Value, RegisterInput, ModelOutput> = {
  name: "cas-register-either-way",
  init: () => [null],
  step(state, input, output) {
    if (input.f === "cas" && output.type === "unknown") {
      return state === input.from ? [input.to, state] : [state];
    }
    const next = casRegisterModel.step(state, input, output);
    return next === undefined ? [] : [next];
  },
  equal: (first, second) => first === second,
  hash: (state) => casRegisterModel.hash(state),
};

const cases: Case[] = [
  {
    name: "register (per key)",
    model: keyedModel(registerModel),
    reference: (operations) =>
      bruteForceLinearizable(
        [null],
        deterministic(registerModel as Model<Value, unknown, ModelOutput>),
        operations,
      ),
    build: (specs, corrupt) =>
      buildHistory(specs, corrupt, registerExecution(false), corruptRead) as AnyOperation[],
  },
  {
    name: "cas-register (per key)",
    model: keyedModel(casRegisterModel),
    reference: (operations) =>
      bruteForceLinearizable(
        [null],
        deterministic(casRegisterModel as Model<Value, unknown, ModelOutput>),
        operations,
      ),
    build: (specs, corrupt) =>
      buildHistory(specs, corrupt, registerExecution(true), corruptRead) as AnyOperation[],
  },
  {
    name: "kv (per key)",
    model: keyedModel(kvKeyModel, { describeKeys: false }),
    reference: (operations) =>
      bruteForceLinearizable(
        [kvKeyModel.init()],
        deterministic(kvKeyModel as Model<unknown, unknown, ModelOutput>),
        operations,
      ),
    build: (specs, corrupt) =>
      buildHistory(specs, corrupt, kvExecution(), corruptKvRead) as AnyOperation[],
  },
  {
    name: "kv-unpartitioned",
    model: createKvMapModel(),
    reference: (operations) => {
      const model = createKvMapModel() as Model<unknown, unknown, ModelOutput>;
      return bruteForceLinearizable([model.init()], deterministic(model), operations);
    },
    build: (specs, corrupt) =>
      buildHistory(specs, corrupt, kvExecution(), corruptKvRead) as AnyOperation[],
  },
  {
    name: "power set of a nondeterministic cas-register",
    model: powerSetModel(eitherWayCasRegister),
    reference: (operations) =>
      bruteForceLinearizable(
        eitherWayCasRegister.init(),
        (state, operation) =>
          eitherWayCasRegister.step(state, operation.input as RegisterInput, operation.output),
        operations,
      ),
    build: (specs, corrupt) =>
      buildHistory(
        specs.map((spec) => ({ ...spec, key: 0 })),
        corrupt,
        registerExecution(true),
        corruptRead,
      ) as AnyOperation[],
  },
];

/** The reference sees one key at a time only for models that partition by key (P-compositionality). */
function referenceVerdict(testCase: Case, operations: readonly AnyOperation[]): boolean {
  if (!testCase.model.partition) return testCase.reference(operations);
  const keys = new Set(operations.map((operation) => (operation.input as { key: string }).key));
  return [...keys].every((key) =>
    testCase.reference(
      operations.filter((operation) => (operation.input as { key: string }).key === key),
    ),
  );
}

describe("the checker agrees with a brute-force search over every order", () => {
  for (const testCase of cases) {
    it(`${testCase.name}: same verdict on random histories of up to 8 operations, both verdicts seen`, () => {
      const seen = { ok: 0, illegal: 0 };
      fc.assert(
        fc.property(historySpec, ({ operations: specs, corrupt }) => {
          const operations = testCase.build(specs, corrupt);
          const expected = referenceVerdict(testCase, operations) ? "ok" : "illegal";
          const result = checkOperations(testCase.model, operations, {
            timeoutMs: 10_000,
            minimizeTimeoutMs: 200,
          });
          seen[expected]++;
          expect(result.verdict).toBe(expected);
        }),
        { numRuns: 300 },
      );
      expect(seen.ok).toBeGreaterThan(20);
      expect(seen.illegal).toBeGreaterThan(20);
    });
  }
});

describe("the checker on a history made in one piece by its own rule", () => {
  it("the brute-force reference itself rejects a stale read and accepts a concurrent one", () => {
    const write: AnyOperation = {
      clientId: 0,
      input: { f: "write", value: 1 },
      callTime: 0,
      output: { type: "ok" },
      returnTime: 10,
    };
    const staleRead: AnyOperation = {
      clientId: 1,
      input: { f: "read" },
      callTime: 11,
      output: { type: "ok", value: null },
      returnTime: 12,
    };
    const concurrentRead: AnyOperation = { ...staleRead, callTime: 5 };
    const step = deterministic(registerModel as Model<Value, unknown, ModelOutput>);
    expect(bruteForceLinearizable([null], step, [write, staleRead])).toBe(false);
    expect(bruteForceLinearizable([null], step, [write, concurrentRead])).toBe(true);
  });
});
