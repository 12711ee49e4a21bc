import { casRefusedError } from "./edn-reader.js";
import { ExactNumber } from "./exact-number.js";
import type { HistoryRecord, HistoryValue } from "./types.js";

/**
 * Writes a history as Jepsen EDN, one operation map per line, so Knossos can check it too.
 * Keys go in `:key`. A cas the state machine refused (`ok` with `applied: false`) has no EDN
 * form Knossos reads as such: it is written as `:fail` with `:error :cas-refused`, which
 * Knossos leaves out (sound, if weaker) and raftctl reads back as the refusal it was.
 */
export function formatEdnHistory(records: readonly HistoryRecord[]): string {
  return records.map((record) => `${formatEdnRecord(record)}\n`).join("");
}

export function formatEdnRecord(record: HistoryRecord): string {
  if (record.process === "nemesis") {
    const fields = [
      `:index ${record.index}`,
      ":type :info",
      ":process :nemesis",
      `:f ${ednKeyword(record.f)}`,
      `:value ${ednPlain(record.value)}`,
      `:time ${record.timeNs}`,
      `:end-time ${record.endNs}`,
    ];
    return `{${fields.join(", ")}}`;
  }
  const refused = record.type === "ok" && record.f === "cas" && record.applied === false;
  const fields = [
    `:index ${record.index}`,
    `:type :${refused ? "fail" : record.type}`,
    `:process ${record.process}`,
    `:f :${record.f}`,
    `:key ${ednString(record.key)}`,
    `:value ${ednValue(record.value)}`,
    `:time ${record.timeNs}`,
  ];
  if (refused) fields.push(`:error :${casRefusedError}`);
  else if (record.error !== undefined) fields.push(`:error ${ednString(record.error)}`);
  return `{${fields.join(", ")}}`;
}

function ednValue(value: HistoryValue): string {
  if (value === null) return "nil";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return ednString(value);
  if (value instanceof ExactNumber) return value.ednText();
  return `[${ednValue(value[0])} ${ednValue(value[1])}]`;
}

function ednString(text: string): string {
  return `"${text.replace(/[\\"\n\t\r]/g, (char) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" })[char]!)}"`;
}

function ednKeyword(name: string): string {
  return /^[A-Za-z*+!\-_?<>=.][A-Za-z0-9*+!\-_?<>=.]*$/.test(name) ? `:${name}` : ednString(name);
}

/** Any JSON-like value (a nemesis's targets) as EDN. */
function ednPlain(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return ednString(value);
  if (value instanceof ExactNumber) return value.ednText();
  if (Array.isArray(value)) return `[${value.map(ednPlain).join(" ")}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${ednKeyword(key)} ${ednPlain(item)}`).join(", ")}}`;
}
