import { numberFromEdn } from "./exact-number.js";
import { excerpt, HistoryFormatError } from "./format-error.js";
import { PairingTracker } from "./pairing.js";
import { type ParsedHistory, singleRegisterKey } from "./parsed-history.js";
import type { ClientRecord, HistoryValue, OperationFunction } from "./types.js";

const linePattern =
  /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;
const expectedLine =
  "a Jepsen log line 'INFO  jepsen.util - PROCESS :invoke|:ok|:fail|:info :read|:write|:cas VALUE'";

/**
 * Reads the etcd Jepsen logs of Porcupine's corpus (tab- or space-separated): one
 * compare-and-set register under key "0", times the line numbers. As Porcupine reads them, a
 * `:fail :cas` is a checked refusal (an `ok` cas with `applied: false`), a `:fail :read
 * :timed-out` did nothing (`fail`), and `:info ... :timed-out` leaves the operation open
 * (`info`).
 */
export function readEtcdLogHistory(text: string, file: string): ParsedHistory {
  const pairing = new PairingTracker(file);
  const records: ClientRecord[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const where = { file, line: index + 1 };
    const match = linePattern.exec(line.trim());
    if (!match) throw new HistoryFormatError(where, expectedLine, excerpt(line));
    const type = match[2] as ClientRecord["type"];
    const f = match[3] as OperationFunction;
    const record: ClientRecord = {
      index: records.length,
      type,
      process: Number(match[1]),
      f,
      key: singleRegisterKey,
      value: null,
      timeNs: index + 1,
    };
    readValue(record, match[4]!, where);
    pairing.note(record, where.line);
    records.push(record);
  });
  return { format: "etcd-log", header: undefined, records, warnings: [], timeUnit: "line" };
}

function readValue(
  record: ClientRecord,
  text: string,
  where: { file: string; line: number },
): void {
  if (text === ":timed-out") {
    if (record.type !== "fail" && record.type !== "info") {
      throw new HistoryFormatError(
        where,
        "a value (:timed-out only ends a :fail or :info)",
        excerpt(text),
      );
    }
    record.type = record.type === "fail" && record.f !== "read" ? "info" : record.type;
    record.error = "timed-out";
    return;
  }
  const value = parseEtcdValue(text);
  const expected = record.f === "cas" ? "a [FROM TO] pair" : "nil or an integer";
  const fits =
    record.f === "cas" ? Array.isArray(value) : value !== undefined && !Array.isArray(value);
  if (value === undefined || !fits) throw new HistoryFormatError(where, expected, excerpt(text));
  record.value = record.f === "read" && record.type === "invoke" ? null : value;
  if (record.f === "cas" && record.type === "fail") {
    record.type = "ok";
    record.applied = false;
  }
}

function parseEtcdValue(text: string): HistoryValue | undefined {
  if (text === "nil") return null;
  // Clojure printed these; an integer beyond 2^53 stays exact.
  if (/^-?\d+$/.test(text)) return numberFromEdn(text);
  const pair = /^\[\s*(nil|-?\d+)\s+(nil|-?\d+)\s*\]$/.exec(text);
  if (!pair) return undefined;
  const from = parseEtcdValue(pair[1]!);
  const to = parseEtcdValue(pair[2]!);
  return from === undefined || to === undefined ? undefined : [from, to];
}
