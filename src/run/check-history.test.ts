import { describe, expect, it } from "vitest";
import type { HistoryRecord } from "../history/types.js";
import { checkHistory, HistoryModelError, historyToOperations } from "./check-history.js";

const record = (
  fields: Partial<HistoryRecord> & Pick<HistoryRecord, "index" | "type">,
): HistoryRecord =>
  ({
    process: 0,
    f: "write",
    key: "x",
    value: null,
    timeNs: fields.index * 10,
    ...fields,
  }) as HistoryRecord;

describe("from history records to the checker", () => {
  it("pairs invoke and ok into an operation with its times and output", () => {
    const { operations } = historyToOperations(
      [
        record({ index: 0, type: "invoke", f: "read" }),
        record({ index: 1, type: "ok", f: "read", value: 4 }),
      ],
      "register",
    );
    expect(operations).toEqual([
      {
        clientId: 0,
        input: { f: "read", key: "x" },
        callTime: 0,
        output: { type: "ok", value: 4 },
        returnTime: 10,
      },
    ]);
  });

  it("leaves out a fail, keeps an info or unanswered operation open to the end", () => {
    const { operations } = historyToOperations(
      [
        record({ index: 0, type: "invoke", value: 1 }),
        record({ index: 1, type: "fail", value: 1 }),
        record({ index: 2, type: "invoke", process: 1, value: 2 }),
        record({ index: 3, type: "info", process: 1, value: 2 }),
        record({ index: 4, type: "invoke", process: 2, value: 3 }),
      ],
      "register",
    );
    expect(
      operations.map((operation) => [operation.input, operation.returnTime, operation.output]),
    ).toEqual([
      [{ f: "write", key: "x", value: 2 }, null, { type: "unknown" }],
      [{ f: "write", key: "x", value: 3 }, null, { type: "unknown" }],
    ]);
  });

  it("checks an ok cas with applied false as a refusal", () => {
    const records = [
      record({ index: 0, type: "invoke", value: "a" }),
      record({ index: 1, type: "ok", value: "a" }),
      record({ index: 2, type: "invoke", f: "cas", value: ["a", "b"] }),
      record({ index: 3, type: "ok", f: "cas", value: ["a", "b"], applied: false }),
    ];
    expect(checkHistory(records, "cas-register").verdict).toBe("illegal");
    records[0] = record({ index: 0, type: "invoke", value: "z" });
    records[1] = record({ index: 1, type: "ok", value: "z" });
    expect(checkHistory(records, "cas-register").verdict).toBe("ok");
  });

  it("turns nemesis records into annotations", () => {
    const nemesis: HistoryRecord = {
      index: 0,
      type: "info",
      process: "nemesis",
      f: "crash",
      value: ["n2"],
      timeNs: 5,
      endNs: 50,
    };
    expect(historyToOperations([nemesis], "kv").annotations).toEqual([
      { startNs: 5, endNs: 50, label: 'crash ["n2"]', kind: "crash" },
    ]);
  });

  it("refuses operations the model does not have, saying which model would", () => {
    const records = [record({ index: 0, type: "invoke", f: "append", value: "v" })];
    expect(() => historyToOperations(records, "register")).toThrow(HistoryModelError);
    expect(() => historyToOperations(records, "register")).toThrow(
      /'append' is not an operation of the register model .* try --model kv/,
    );
  });
});
