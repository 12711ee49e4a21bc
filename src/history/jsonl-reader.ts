import { ExactNumber } from "./exact-number.js";
import { excerpt, HistoryFormatError, quotedPrintable } from "./format-error.js";
import { JsonSyntaxError, type JsonValue, parseJsonLine } from "./json-line.js";
import { PairingTracker } from "./pairing.js";
import type { ParsedHistory } from "./parsed-history.js";
import type {
  ClientRecord,
  HistoryHeader,
  HistoryRecord,
  HistoryValue,
  ModelName,
  NemesisRecord,
  OperationFunction,
} from "./types.js";

const modelNames: readonly ModelName[] = ["register", "cas-register", "kv", "kv-unpartitioned"];
const recordTypes = ["invoke", "ok", "fail", "info"] as const;
const operationFunctions: readonly OperationFunction[] = [
  "read",
  "write",
  "cas",
  "get",
  "put",
  "append",
];

type JsonObject = { [key: string]: JsonValue };

/**
 * Reads raftctl's `history.jsonl`: a header line, then one record per line (DESIGN.md,
 * "Histories"). A history cut short by a killed run stays readable: a half-written last line
 * (no newline after it, not valid JSON) is dropped with a warning, and operations still open
 * are left for the checker to treat as `info`. Anything else malformed is a HistoryFormatError
 * naming the line and what was expected. Numbers stay exact (json-line.ts); times are
 * non-negative integers, and no completion is timed before its invoke.
 */
export function readJsonlHistory(text: string, file: string): ParsedHistory {
  const lines = text.split("\n");
  const warnings: string[] = [];
  const cutShort = !text.endsWith("\n") && text.length > 0;
  let header: HistoryHeader | undefined;
  const records: HistoryRecord[] = [];
  const pairing = new PairingTracker(file);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const lineNumber = index + 1;
    if (line.trim() === "") continue;
    const isLast = index === lines.length - 1;
    const parsed = parseLine(line, { file, line: lineNumber });
    if (parsed.cutShort) {
      if (isLast && cutShort) {
        warnings.push(
          `${file}:${lineNumber}: dropped a half-written last line (the run was cut short)`,
        );
        break;
      }
      throw parsed.error;
    }
    const json = parsed.object;
    if (header === undefined) {
      header = readHeader(json, { file, line: lineNumber });
      continue;
    }
    const record = readRecord(json, { file, line: lineNumber });
    if (record.process !== "nemesis") pairing.note(record as ClientRecord, lineNumber);
    records.push(record);
  }
  const open = pairing.openInvokes();
  if (cutShort && open.length > 0) {
    warnings.push(
      `${file}: ${open.length} operation(s) never completed; checked as indeterminate (info)`,
    );
  }
  return { format: "jsonl", header, records, warnings, timeUnit: "ns" };
}

interface Where {
  file: string;
  line: number;
}

/**
 * One line's JSON object; a line that ends before its JSON does is returned as cut short (with
 * the error to throw), for the caller to forgive on the last line of a history cut short.
 */
function parseLine(
  line: string,
  where: Where,
): { cutShort: false; object: JsonObject } | { cutShort: true; error: HistoryFormatError } {
  if (!line.trimStart().startsWith("{")) {
    throw new HistoryFormatError(where, "one JSON object on the line", excerpt(line));
  }
  let value: JsonValue;
  try {
    value = parseJsonLine(line);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const formatError = new HistoryFormatError(
      { ...where, column: error.column },
      error.expected,
      error.found,
    );
    if (error.atEnd) return { cutShort: true, error: formatError };
    throw formatError;
  }
  if (!isObject(value)) {
    throw new HistoryFormatError(where, "one JSON object on the line", describeJson(value));
  }
  return { cutShort: false, object: value };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ExactNumber)
  );
}

const headerExpected =
  'the header {"formatVersion":1,"model":...} (with "scenario","seed","mode" from a run, or "source")';

/**
 * The header: formatVersion 1 and a model; the other known fields are optional but checked when
 * present; keys this version does not know are ignored (they may be added within formatVersion 1).
 */
function readHeader(json: JsonObject, where: Where): HistoryHeader {
  if (json.formatVersion !== 1) {
    const found =
      "formatVersion" in json ? `formatVersion ${describeJson(json.formatVersion)}` : undefined;
    throw new HistoryFormatError(where, headerExpected, found ?? 'no "formatVersion"');
  }
  const modelIsKnown = modelNames.includes(json.model as ModelName);
  requireField(json, "model", modelIsKnown, `one of ${modelNames.join(", ")}`, where);
  const header: HistoryHeader = { formatVersion: 1, model: json.model as ModelName };
  for (const name of ["raftctlVersion", "scenario", "source"] as const) {
    if (json[name] === undefined) continue;
    requireField(json, name, typeof json[name] === "string", "a string", where);
    header[name] = json[name] as string;
  }
  if (json.seed !== undefined) {
    requireField(json, "seed", Number.isSafeInteger(json.seed), "an integer", where);
    header.seed = json.seed as number;
  }
  if (json.mode !== undefined) {
    const modeIsKnown = json.mode === "sim" || json.mode === "process";
    requireField(json, "mode", modeIsKnown, '"sim" or "process"', where);
    header.mode = json.mode as "sim" | "process";
  }
  return header;
}

function readRecord(json: JsonObject, where: Where): HistoryRecord {
  requireField(json, "index", Number.isSafeInteger(json.index), "an integer", where);
  requireTime(json, "timeNs", where);
  if (json.process === "nemesis") return readNemesisRecord(json, where);
  requireField(
    json,
    "process",
    Number.isSafeInteger(json.process),
    'an integer or "nemesis"',
    where,
  );
  const typeIsKnown = recordTypes.includes(json.type as (typeof recordTypes)[number]);
  requireField(json, "type", typeIsKnown, `one of ${recordTypes.join(", ")}`, where);
  const functionIsKnown = operationFunctions.includes(json.f as OperationFunction);
  requireField(json, "f", functionIsKnown, `one of ${operationFunctions.join(", ")}`, where);
  requireField(json, "key", typeof json.key === "string", "a string", where);
  requireField(
    json,
    "value",
    isHistoryValue(json.value),
    "null, a string, a number or a [from, to] pair",
    where,
  );
  if (json.applied !== undefined)
    requireField(json, "applied", typeof json.applied === "boolean", "true or false", where);
  if (json.error !== undefined)
    requireField(json, "error", typeof json.error === "string", "a string", where);
  return json as unknown as ClientRecord;
}

function readNemesisRecord(json: JsonObject, where: Where): NemesisRecord {
  requireField(json, "type", json.type === "info", '"info" (nemesis records are info)', where);
  requireField(json, "f", typeof json.f === "string", "a string naming the fault", where);
  requireTime(json, "endNs", where);
  return json as unknown as NemesisRecord;
}

export function isHistoryValue(value: unknown): value is HistoryValue {
  if (value === null || typeof value === "string" || value instanceof ExactNumber) return true;
  if (typeof value === "number") return Number.isFinite(value);
  return Array.isArray(value) && value.length === 2 && value.every(isHistoryValue);
}

function requireTime(json: JsonObject, name: string, where: Where): void {
  const time = json[name];
  const valid = Number.isSafeInteger(time) && (time as number) >= 0;
  requireField(json, name, valid, "a non-negative integer (nanoseconds)", where);
}

/** A JSON value in a message: short, printable, never the whole of a large value. */
function describeJson(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return quotedPrintable(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof ExactNumber) return quotedPrintable(value.text).slice(1, -1);
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

function requireField(
  json: JsonObject,
  name: string,
  valid: boolean,
  expected: string,
  where: Where,
): void {
  if (valid) return;
  const found = name in json ? `${name}: ${describeJson(json[name])}` : `no "${name}"`;
  throw new HistoryFormatError(where, `"${name}" to be ${expected}`, found);
}
