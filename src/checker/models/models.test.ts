import { describe, expect, it } from "vitest";
import type { Model } from "../model.js";
import { keyedModel } from "./keyed.js";
import { type KvInput, type KvKeyState, kvKeyModel } from "./kv.js";
import { createKvMapModel, type KvMapState } from "./kv-map.js";
import { powerSetModel } from "./power-set.js";
import { casRegisterModel, registerModel } from "./register.js";
import type { ModelOutput } from "./values.js";

const ok = (value?: string | number | null): ModelOutput =>
  value === undefined ? { type: "ok" } : { type: "ok", value };
const unknown: ModelOutput = { type: "unknown" };

describe("register models", () => {
  it("a read returns the current value, nil at first; a write always succeeds", () => {
    expect(registerModel.step(null, { f: "read" }, ok(null))).toBe(null);
    expect(registerModel.step(null, { f: "read" }, ok(1))).toBeUndefined();
    expect(registerModel.step(null, { f: "write", value: 3 }, ok())).toBe(3);
    expect(registerModel.step(3, { f: "read" }, unknown)).toBe(3);
  });

  it("a cas applies only from its expected value, is refused only otherwise, and may go either way when unknown", () => {
    const cas = { f: "cas", from: 1, to: 2 } as const;
    expect(casRegisterModel.step(1, cas, { type: "ok", applied: true })).toBe(2);
    expect(casRegisterModel.step(3, cas, { type: "ok", applied: true })).toBeUndefined();
    expect(casRegisterModel.step(3, cas, { type: "ok", applied: false })).toBe(3);
    expect(casRegisterModel.step(1, cas, { type: "ok", applied: false })).toBeUndefined();
    expect(casRegisterModel.step(1, cas, unknown)).toBe(2);
    expect(casRegisterModel.step(3, cas, unknown)).toBe(3);
  });

  it("compares exact numbers by their exact text: equal ones alike, different ones apart, never equal to a plain number", () => {
    const exact = (text: string) => ({ exact: text, text });
    const written = exact("9007199254740993");
    const state = registerModel.step(null, { f: "write", value: written }, ok())!;
    expect(
      registerModel.step(state, { f: "read" }, { type: "ok", value: exact("9007199254740993") }),
    ).toBe(state);
    expect(
      registerModel.step(state, { f: "read" }, { type: "ok", value: exact("9007199254740992") }),
    ).toBeUndefined();
    expect(registerModel.step(state, { f: "read" }, ok(9007199254740992))).toBeUndefined();
    expect(registerModel.equal(written, exact("9007199254740993"))).toBe(true);
    expect(registerModel.hash(written)).toBe(registerModel.hash(exact("9007199254740993")));
    const cas = { f: "cas", from: exact("1.0e0"), to: 2 } as const;
    expect(casRegisterModel.step(exact("1.0e0"), cas, { type: "ok", applied: true })).toBe(2);
    expect(casRegisterModel.step(1, cas, { type: "ok", applied: true })).toBeUndefined();
    expect(casRegisterModel.step(1, cas, { type: "ok", applied: false })).toBe(1);
  });

  it("only reads with a known value and refused cas are read-only", () => {
    expect(casRegisterModel.readOnly!({ f: "read" }, ok(1))).toBe(true);
    expect(
      casRegisterModel.readOnly!({ f: "cas", from: 1, to: 2 }, { type: "ok", applied: false }),
    ).toBe(true);
    expect(casRegisterModel.readOnly!({ f: "cas", from: 1, to: 2 }, unknown)).toBe(false);
    expect(casRegisterModel.readOnly!({ f: "write", value: 1 }, ok())).toBe(false);
  });
});

describe("kv models", () => {
  const apply = (inputs: [KvInput, ModelOutput][]): KvKeyState | undefined =>
    inputs.reduce<KvKeyState | undefined>(
      (state, [input, output]) => state && kvKeyModel.step(state, input, output),
      kvKeyModel.init(),
    );

  it("put sets, append concatenates, get returns the value; a never-written key reads as nil or empty", () => {
    expect(apply([[{ f: "get", key: "k" }, ok(null)]])).toBeDefined();
    expect(apply([[{ f: "get", key: "k" }, ok("")]])).toBeDefined();
    const grown = apply([
      [{ f: "append", key: "k", value: "a" }, ok()],
      [{ f: "append", key: "k", value: "b" }, ok()],
    ]);
    expect(grown?.value).toBe("ab");
    expect(
      apply([
        [{ f: "put", key: "k", value: "" }, ok()],
        [{ f: "get", key: "k" }, ok(null)],
      ]),
    ).toBeUndefined();
  });

  it("states reached by different steps are equal, with equal hashes, when their values are", () => {
    const viaAppends = apply([
      [{ f: "append", key: "k", value: "ab" }, ok()],
      [{ f: "append", key: "k", value: "c" }, ok()],
    ])!;
    const viaPut = apply([[{ f: "put", key: "k", value: "abc" }, ok()]])!;
    expect(kvKeyModel.equal(viaAppends, viaPut)).toBe(true);
    expect(kvKeyModel.hash(viaAppends)).toBe(kvKeyModel.hash(viaPut));
  });

  it("the whole-map model keeps keys apart and hashes equal maps alike whatever the order of writes", () => {
    const model = createKvMapModel();
    const run = (inputs: KvInput[]): KvMapState =>
      inputs.reduce((state, input) => model.step(state, input, ok())!, model.init());
    const first = run([
      { f: "put", key: "a", value: "1" },
      { f: "append", key: "b", value: "2" },
    ]);
    const second = run([
      { f: "append", key: "b", value: "2" },
      { f: "put", key: "a", value: "1" },
    ]);
    expect(model.equal(first, second)).toBe(true);
    expect(model.hash(first)).toBe(model.hash(second));
    expect(model.step(first, { f: "get", key: "a" }, ok("1"))).toBe(first);
    expect(model.step(first, { f: "get", key: "b" }, ok("1"))).toBeUndefined();
    expect(model.describeState!(first)).toBe('{a: "1", b: "2"}');
  });

  it("knows a get can still be satisfied only from a prefix of what it returned", () => {
    const growth = kvKeyModel.growth!;
    const get: KvInput = { f: "get", key: "k" };
    expect(growth.stillReadable({ value: "ab", hash: 0 }, get, ok("abc"))).toBe(true);
    expect(growth.stillReadable({ value: "ax", hash: 0 }, get, ok("abc"))).toBe(false);
    expect(
      growth.readableAfterReset({ f: "put", key: "k", value: "a" }, ok(), get, ok("abc")),
    ).toBe(true);
    expect(
      growth.readableAfterReset({ f: "put", key: "k", value: "b" }, ok(), get, ok("abc")),
    ).toBe(false);
  });
});

describe("wrappers", () => {
  it("the keyed wrapper partitions by key in order of first appearance", () => {
    const model = keyedModel(registerModel);
    const operations = ["b", "a", "b"].map((key, index) => ({
      clientId: index,
      input: { f: "read" as const, key },
      callTime: index,
      output: ok(null),
      returnTime: index + 1,
    }));
    expect(model.partition!(operations)).toEqual([
      { label: "key b", operationIndexes: [0, 2] },
      { label: "key a", operationIndexes: [1] },
    ]);
    expect(model.describeOperation!(operations[1]!.input, ok(null))).toBe("a: read -> nil");
  });

  it("the power set follows every state a nondeterministic step may reach, and fails only when none can", () => {
    const coin: Model<readonly number[], string, ModelOutput> = powerSetModel({
      name: "coin",
      init: () => [0],
      step: (state, input) =>
        input === "flip" ? [state, 1 - state] : input === `see ${state}` ? [state] : [],
      equal: (first, second) => first === second,
      hash: (state) => state,
    });
    const flipped = coin.step(coin.init(), "flip", ok())!;
    expect([...flipped].sort()).toEqual([0, 1]);
    expect(coin.step(flipped, "see 1", ok())).toEqual([1]);
    expect(coin.step(coin.init(), "see 1", ok())).toBeUndefined();
    expect(coin.equal([0, 1], [1, 0])).toBe(true);
    expect(coin.hash([0, 1])).toBe(coin.hash([1, 0]));
  });
});
