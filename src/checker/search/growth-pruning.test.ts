import { describe, expect, it } from "vitest";
import { checkOperations } from "../check.js";
import { keyedModel } from "../models/keyed.js";
import { type KvInput, kvKeyModel } from "../models/kv.js";
import type { ModelOutput } from "../models/values.js";
import type { Operation } from "../operation.js";
import { describeFailure } from "../text-report.js";

const model = keyedModel(kvKeyModel, { describeKeys: false });
type KvOperation = Operation<KvInput, ModelOutput>;

const get = (value: string, callTime: number, returnTime: number): KvOperation => ({
  clientId: callTime,
  input: { f: "get", key: "k" },
  callTime,
  output: { type: "ok", value },
  returnTime,
});
const put = (value: string, callTime: number, returnTime: number): KvOperation => ({
  clientId: 100 + callTime,
  input: { f: "put", key: "k", value },
  callTime,
  output: { type: "ok" },
  returnTime,
});
const append = (value: string, callTime: number, returnTime: number): KvOperation => ({
  ...put(value, callTime, returnTime),
  input: { f: "append", key: "k", value },
});

describe("two reads no order can satisfy", () => {
  it("make a history illegal before any search, and the counterexample names them", () => {
    const operations = [append("a", 0, 1), append("b", 0, 1), get("ab", 2, 10), get("ba", 2, 10)];
    const result = checkOperations(model, operations);
    expect(result.verdict).toBe("illegal");
    expect(result.partitions[0]!.iterations).toBe(0);
    expect(result.partitions[0]!.counterexample!.conflict).toEqual({ first: 2, second: 3 });
    expect(result.partitions[0]!.counterexample!.minimal!.readOnlyKept).toEqual([2, 3]);
    expect(describeFailure(result).join("\n")).toContain(
      "these two reads cannot both be right, in either order:",
    );
  });

  it("are no conflict when a write that may come between them starts the later value", () => {
    const operations = [put("a", 0, 1), get("a", 2, 3), put("b", 2, 6), get("b", 4, 5)];
    expect(checkOperations(model, operations).verdict).toBe("ok");
  });

  it("are no conflict when a write could only come between them at a shared instant (intervals are closed)", () => {
    const operations = [append("a", 0, 1), append("b", 0, 5), get("ab", 0, 5), get("a", 5, 6)];
    const result = checkOperations(model, operations);
    expect(result.verdict).toBe("ok");
  });

  it("are no conflict when the later value grows from the earlier one", () => {
    const operations = [append("a", 0, 1), get("a", 2, 3), append("b", 4, 5), get("ab", 6, 7)];
    expect(checkOperations(model, operations).verdict).toBe("ok");
  });
});
