import { excerpt, HistoryFormatError } from "./format-error.js";
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

type JsonObject = Record<string, unknown>;

/**
 * Reads raftctl's `history.jsonl`: a header line, then one record per line (DESIGN.md,
 * "Histories"). A history cut short by a killed run stays readable: a half-written last line
 * (no newline after it, not valid JSON) is dropped with a warning, and operations still open
 * are left for the checker to treat as `info`. Anything else malformed is a HistoryFormatError
 * naming the line and what was expected.
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
    const json = parseLine(line);
    if (json === undefined) {
      if (isLast && cutShort) {
        warnings.push(
          `${file}:${lineNumber}: dropped a half-written last line (the run was cut short)`,
        );
        break;
      }
      throw new HistoryFormatError(
        { file, line: lineNumber },
        "one JSON object on the line",
        excerpt(line),
      );
    }
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

function parseLine(line: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as JsonObject;
  } catch {
    // Not JSON: the caller decides whether a half-written last line is forgivable.
  }
  return undefined;
}

function readHeader(json: JsonObject, where: Where): HistoryHeader {
  const expected =
    'the header {"formatVersion":1,"raftctlVersion":...,"scenario":...,"seed":...,"mode":...,"model":...}';
  if (json.formatVersion !== 1) {
    throw new HistoryFormatError(
      where,
      expected,
      `formatVersion ${JSON.stringify(json.formatVersion)}`,
    );
  }
  requireField(json, "raftctlVersion", typeof json.raftctlVersion === "string", "a string", where);
  requireField(json, "scenario", typeof json.scenario === "string", "a string", where);
  requireField(json, "seed", typeof json.seed === "number", "a number", where);
  requireField(
    json,
    "mode",
    json.mode === "sim" || json.mode === "process",
    '"sim" or "process"',
    where,
  );
  const modelIsKnown = modelNames.includes(json.model as ModelName);
  requireField(json, "model", modelIsKnown, `one of ${modelNames.join(", ")}`, where);
  return json as unknown as HistoryHeader;
}

function readRecord(json: JsonObject, where: Where): HistoryRecord {
  requireField(json, "index", Number.isInteger(json.index), "an integer", where);
  requireField(json, "timeNs", Number.isFinite(json.timeNs), "a number (nanoseconds)", where);
  if (json.process === "nemesis") return readNemesisRecord(json, where);
  requireField(json, "process", Number.isInteger(json.process), 'an integer or "nemesis"', where);
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
  requireField(json, "endNs", Number.isFinite(json.endNs), "a number (nanoseconds)", where);
  return json as unknown as NemesisRecord;
}

export function isHistoryValue(value: unknown): value is HistoryValue {
  if (value === null || typeof value === "string") return true;
  if (typeof value === "number") return Number.isFinite(value);
  return Array.isArray(value) && value.length === 2 && value.every(isHistoryValue);
}

function requireField(
  json: JsonObject,
  name: string,
  valid: boolean,
  expected: string,
  where: Where,
): void {
  if (valid) return;
  const found = name in json ? `${name}: ${JSON.stringify(json[name])}` : `no "${name}"`;
  throw new HistoryFormatError(where, `"${name}" to be ${expected}`, found);
}
