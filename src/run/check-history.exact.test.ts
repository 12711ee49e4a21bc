import { describe, expect, it } from "vitest";
import { readHistoryText } from "../history/read-history.js";
import type { ModelName } from "../history/types.js";
import { checkHistory } from "./check-history.js";

/**
 * Verdicts on histories read from files: values compare exactly whatever the format, and a
 * Jepsen EDN history's order is the order of its lines.
 */
function verdictOf(text: string, file: string, model: ModelName = "register") {
  const history = readHistoryText(text, { file });
  return checkHistory(history.records, model).verdict;
}

const header = JSON.stringify({ formatVersion: 1, model: "register", source: "test" });
function jsonlWriteThenRead(written: string, read: string): string {
  const line = (index: number, type: string, f: string, value: string) =>
    `{"index":${index},"type":"${type}","process":0,"f":"${f}","key":"x","value":${value},"timeNs":${index}}`;
  return [
    header,
    line(0, "invoke", "write", written),
    line(1, "ok", "write", written),
    line(2, "invoke", "read", "null"),
    line(3, "ok", "read", read),
    "",
  ].join("\n");
}

function ednWriteThenRead(written: string, read: string): string {
  return [
    `{:process 0, :type :invoke, :f :write, :value ${written}}`,
    `{:process 0, :type :ok, :f :write, :value ${written}}`,
    "{:process 0, :type :invoke, :f :read, :value nil}",
    `{:process 0, :type :ok, :f :read, :value ${read}}`,
  ].join("\n");
}

const twoPowerFiftyThree = "9007199254740992";
const twoPowerFiftyThreePlusOne = "9007199254740993";

describe("values compare exactly", () => {
  it("finds a write of 2^53+1 then a read of 2^53 illegal, from each of the three formats", () => {
    expect(
      verdictOf(jsonlWriteThenRead(twoPowerFiftyThreePlusOne, twoPowerFiftyThree), "h.jsonl"),
    ).toBe("illegal");
    expect(
      verdictOf(ednWriteThenRead(twoPowerFiftyThreePlusOne, twoPowerFiftyThree), "h.edn"),
    ).toBe("illegal");
    const etcdLog = [
      `INFO  jepsen.util - 0\t:invoke\t:write\t${twoPowerFiftyThreePlusOne}`,
      `INFO  jepsen.util - 0\t:ok\t:write\t${twoPowerFiftyThreePlusOne}`,
      "INFO  jepsen.util - 0\t:invoke\t:read\tnil",
      `INFO  jepsen.util - 0\t:ok\t:read\t${twoPowerFiftyThree}`,
    ].join("\n");
    expect(verdictOf(etcdLog, "etcd.log", "cas-register")).toBe("illegal");
    expect(
      verdictOf(
        jsonlWriteThenRead(twoPowerFiftyThreePlusOne, twoPowerFiftyThreePlusOne),
        "h.jsonl",
      ),
    ).toBe("ok");
  });

  it("tells two different 400-digit values apart, and knows one when it is read back", () => {
    const written = `1${"0".repeat(399)}`;
    const other = `1${"0".repeat(398)}1`;
    expect(verdictOf(jsonlWriteThenRead(written, other), "h.jsonl")).toBe("illegal");
    expect(verdictOf(ednWriteThenRead(written, other), "h.edn")).toBe("illegal");
    expect(verdictOf(jsonlWriteThenRead(written, written), "h.jsonl")).toBe("ok");
    expect(verdictOf(ednWriteThenRead(`${written}N`, written), "h.edn")).toBe("ok");
  });

  it("tells the float 1.0 from the integer 1 in EDN and JSONL, as Clojure does, and 1.0 is 1.00", () => {
    expect(verdictOf(ednWriteThenRead("1", "1.0"), "h.edn")).toBe("illegal");
    expect(verdictOf(ednWriteThenRead("1.5M", "1.5"), "h.edn")).toBe("illegal");
    expect(verdictOf(ednWriteThenRead("1.0", "1.00"), "h.edn")).toBe("ok");
    expect(verdictOf(jsonlWriteThenRead("1", "1.0"), "h.jsonl")).toBe("illegal");
    expect(verdictOf(jsonlWriteThenRead("2.50", "2.5"), "h.jsonl")).toBe("ok");
  });
});

describe("a Jepsen EDN history's order is the order of its lines", () => {
  it("puts a read invoked after a write's completion after the write, though both carry the same :time", () => {
    const text = [
      "{:process 0, :type :invoke, :f :write, :value 1, :time 1}",
      "{:process 0, :type :ok, :f :write, :value 1, :time 2}",
      "{:process 1, :type :invoke, :f :read, :value nil, :time 2}",
      "{:process 1, :type :ok, :f :read, :value nil, :time 3}",
    ].join("\n");
    expect(verdictOf(text, "h.edn")).toBe("illegal");
    const history = readHistoryText(text, { file: "h.edn" });
    expect(history.timeUnit).toBe("position");
    expect(history.warnings).toEqual([
      "h.edn:3: :time 2 does not come after the :time 2 before it; :time is not used: the order of the operations is the real-time order, as Knossos reads it",
    ]);
  });

  it("follows the lines where :time stamps disagree with them", () => {
    const text = [
      "{:process 0, :type :invoke, :f :write, :value 1, :time 10}",
      "{:process 0, :type :ok, :f :write, :value 1, :time 20}",
      "{:process 1, :type :invoke, :f :read, :value nil, :time 5}",
      "{:process 1, :type :ok, :f :read, :value nil, :time 6}",
    ].join("\n");
    expect(verdictOf(text, "h.edn")).toBe("illegal");
  });

  it("keeps :time as the time when it strictly increases down the file", () => {
    const text = [
      "{:process 0, :type :invoke, :f :write, :value 1, :time 10}",
      "{:process 1, :type :invoke, :f :read, :value nil, :time 11}",
      "{:process 1, :type :ok, :f :read, :value nil, :time 12}",
      "{:process 0, :type :ok, :f :write, :value 1, :time 20}",
    ].join("\n");
    const history = readHistoryText(text, { file: "h.edn" });
    expect(history.timeUnit).toBe("ns");
    expect(history.records.map((record) => record.timeNs)).toEqual([10, 11, 12, 20]);
    expect(history.warnings).toEqual([]);
    expect(checkHistory(history.records, "register").verdict).toBe("ok");
  });
});
