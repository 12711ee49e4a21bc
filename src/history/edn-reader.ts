import {
  EdnChar,
  EdnKeyword,
  EdnList,
  EdnMap,
  EdnSet,
  EdnSymbol,
  EdnSyntaxError,
  EdnTagged,
  type EdnValue,
  parseEdnForms,
} from "./edn.js";
import { ExactNumber } from "./exact-number.js";
import { HistoryFormatError, quotedPrintable } from "./format-error.js";
import { PairingTracker } from "./pairing.js";
import { type ParsedHistory, singleRegisterKey } from "./parsed-history.js";
import type {
  ClientRecord,
  HistoryRecord,
  HistoryValue,
  NemesisRecord,
  OperationFunction,
} from "./types.js";

const operationFunctions: readonly OperationFunction[] = [
  "read",
  "write",
  "cas",
  "get",
  "put",
  "append",
];
const recordTypes = ["invoke", "ok", "fail", "info"] as const;
/** How raftctl exports a cas the state machine refused (see edn-writer.ts); read back as such. */
export const casRefusedError = "cas-refused";

interface Where {
  file: string;
  line: number;
}

/**
 * Reads a Jepsen history in EDN: one operation map per line, or one vector or list of them,
 * with `;` comments. Keys come from `:key`, or from `[key value]` tuples in `:value` as
 * jepsen.independent writes them. `:fail` operations are kept as `fail` records (the checker
 * leaves them out, as Knossos does). The order of the operations is their real-time order, as
 * Knossos reads it: times come from `:time` (nanoseconds) only when every operation has one and
 * they strictly increase down the file; otherwise from the operations' positions, with a warning
 * when `:time` stamps were there but tied or disagreed with the order.
 */
export function readEdnHistory(text: string, file: string): ParsedHistory {
  const maps = operationMaps(text, file);
  const tupleKeys = usesTupleKeys(maps.map((item) => item.map));
  const pairing = new PairingTracker(file);
  const times = readTimes(maps, file);
  const timed = times.out === undefined && maps.length > 0;
  const records: HistoryRecord[] = maps.map(({ map, line }, position) => {
    const timeNs = timed ? times.stamps[position]! : position;
    const record = readOperation(map, { file, line }, { position, timeNs }, tupleKeys);
    if (record.process === "nemesis") return record;
    const invoke = pairing.note(record as ClientRecord, line);
    // A completion without a [key value] tuple (an :info with :value nil) keeps its invoke's key.
    if (invoke && tupleKeys && !isTuple(map.get("value"))) record.key = invoke.key;
    return record;
  });
  const warnings: string[] = [];
  if (times.out !== undefined && times.stamps.length > 0) {
    warnings.push(
      `${file}:${times.out.line}: ${times.out.why}; :time is not used: the order of the operations is the real-time order, as Knossos reads it`,
    );
  }
  return {
    format: "edn",
    header: undefined,
    records,
    warnings,
    timeUnit: timed ? "ns" : "position",
  };
}

/**
 * Every operation's `:time` (each a non-negative integer), and where the first one is missing or
 * does not come after the one before it (undefined when they all strictly increase).
 */
function readTimes(
  maps: readonly { map: EdnMap; line: number }[],
  file: string,
): { stamps: number[]; out: { line: number; why: string } | undefined } {
  const stamps: number[] = [];
  let out: { line: number; why: string } | undefined;
  for (const { map, line } of maps) {
    const time = map.get("time");
    if (time === undefined) {
      out ??= { line, why: "an operation without :time" };
      continue;
    }
    if (!Number.isSafeInteger(time) || (time as number) < 0) {
      throw new HistoryFormatError(
        { file, line },
        ":time to be a non-negative integer (nanoseconds)",
        describeEdn(time),
      );
    }
    const previous = stamps[stamps.length - 1];
    if (previous !== undefined && (time as number) <= previous)
      out ??= { line, why: `:time ${time} does not come after the :time ${previous} before it` };
    stamps.push(time as number);
  }
  return { stamps, out };
}

function isTuple(value: EdnValue | undefined): value is EdnValue[] {
  return Array.isArray(value) && value.length === 2;
}

function operationMaps(text: string, file: string): { map: EdnMap; line: number }[] {
  let forms: ReturnType<typeof parseEdnForms>;
  try {
    forms = parseEdnForms(text);
  } catch (error) {
    if (!(error instanceof EdnSyntaxError)) throw error;
    throw new HistoryFormatError(
      { file, line: error.line, column: error.column },
      error.expected,
      error.found,
    );
  }
  const only = forms.length === 1 ? forms[0]! : undefined;
  const items =
    only && (Array.isArray(only.value) || only.value instanceof EdnList)
      ? (Array.isArray(only.value) ? only.value : only.value.items).map((value) => ({
          value,
          line: value instanceof EdnMap ? value.line : only.line,
        }))
      : forms;
  return items.map(({ value, line }) => {
    if (!(value instanceof EdnMap)) {
      throw new HistoryFormatError(
        { file, line },
        "an operation map {:process ..., :type ..., :f ...}",
        describeEdn(value),
      );
    }
    return { map: value, line };
  });
}

/**
 * jepsen.independent writes `:value [key value]`. A history is read that way when no client
 * operation has `:key` and every client invoke and ok carries a 2-element vector whose value
 * part fits its function (a cas's is itself a pair or nil) — a plain cas-register history has
 * reads with nil values and cas pairs of plain values, so it never looks like tuples.
 */
function usesTupleKeys(maps: readonly EdnMap[]): boolean {
  let sawClientOperation = false;
  for (const map of maps) {
    if (map.get("process") instanceof EdnKeyword) continue;
    if (map.has("key")) return false;
    const type = map.get("type");
    if (type !== EdnKeyword.of("invoke") && type !== EdnKeyword.of("ok")) continue;
    sawClientOperation = true;
    const value = map.get("value");
    if (!Array.isArray(value) || value.length !== 2) return false;
    const isCas = map.get("f") === EdnKeyword.of("cas");
    if (isCas && value[1] !== null && !(Array.isArray(value[1]) && value[1].length === 2))
      return false;
  }
  return sawClientOperation;
}

function readOperation(
  map: EdnMap,
  where: Where,
  at: { position: number; timeNs: number },
  tupleKeys: boolean,
): HistoryRecord {
  const process = map.get("process");
  const timeNs = at.timeNs;
  const index = Number.isSafeInteger(map.get("index")) ? (map.get("index") as number) : at.position;
  if (process instanceof EdnKeyword) return readNemesisOperation(map, where, { index, timeNs });
  if (typeof process !== "number" || !Number.isSafeInteger(process)) {
    throw new HistoryFormatError(
      where,
      ":process to be an integer or :nemesis",
      describeEdn(process),
    );
  }
  const type = keywordIn(map, "type", recordTypes, where);
  const f = keywordIn(map, "f", operationFunctions, where);
  const { key, value } = keyAndValue(map, where, tupleKeys);
  const record: ClientRecord = {
    index,
    type,
    process,
    f,
    key,
    value: recordValue(value, where),
    timeNs,
  };
  const error = map.get("error");
  if (error !== undefined && error !== null) record.error = ednText(error);
  if (type === "fail" && f === "cas" && record.error === casRefusedError) {
    record.type = "ok";
    record.applied = false;
    delete record.error;
  }
  return record;
}

function readNemesisOperation(
  map: EdnMap,
  where: Where,
  at: { index: number; timeNs: number },
): NemesisRecord {
  const f = map.get("f");
  if (!(f instanceof EdnKeyword) && typeof f !== "string") {
    throw new HistoryFormatError(where, "a nemesis :f keyword", describeEdn(f));
  }
  return {
    index: at.index,
    type: "info",
    process: "nemesis",
    f: f instanceof EdnKeyword ? f.name : f,
    value: toPlain(map.get("value") ?? null),
    timeNs: at.timeNs,
    endNs: at.timeNs,
  };
}

function keywordIn<Name extends string>(
  map: EdnMap,
  field: string,
  allowed: readonly Name[],
  where: Where,
): Name {
  const value = map.get(field);
  if (value instanceof EdnKeyword && allowed.includes(value.name as Name))
    return value.name as Name;
  const choices = allowed.map((name) => `:${name}`).join(" ");
  throw new HistoryFormatError(
    where,
    `:${field} to be one of ${choices}`,
    value === undefined ? `no :${field}` : describeEdn(value),
  );
}

function keyAndValue(
  map: EdnMap,
  where: Where,
  tupleKeys: boolean,
): { key: string; value: EdnValue } {
  const value = map.get("value") ?? null;
  if (map.has("key")) return { key: keyText(map.get("key")!, where), value };
  if (!tupleKeys) return { key: singleRegisterKey, value };
  // A completion without a tuple keeps its own value; its key is its invoke's (set by the caller).
  if (!isTuple(value)) return { key: "", value };
  return { key: keyText(value[0]!, where), value: value[1]! };
}

function keyText(key: EdnValue, where: Where): string {
  if (typeof key === "string") return key;
  if (typeof key === "number") return String(key);
  if (key instanceof ExactNumber) return key.kind === "integer" ? key.exact : key.text;
  if (key instanceof EdnKeyword) return key.name;
  throw new HistoryFormatError(
    where,
    "a key that is a string, a number or a keyword",
    describeEdn(key),
  );
}

/**
 * Every operation's value must be one a history holds, a fail's or info's too: a value read is
 * never replaced by nil (an export would write null for it).
 */
function recordValue(value: EdnValue, where: Where): HistoryValue {
  const converted = historyValue(value);
  if (converted !== undefined) return converted;
  throw new HistoryFormatError(
    where,
    ":value to be nil, a number, a string or a [from to] vector",
    describeEdn(value),
  );
}

function historyValue(value: EdnValue): HistoryValue | undefined {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number" || value instanceof ExactNumber) return value;
  if (Array.isArray(value) && value.length === 2) {
    const from = historyValue(value[0]!);
    const to = historyValue(value[1]!);
    if (from !== undefined && to !== undefined) return [from, to];
  }
  return undefined;
}

/** An EDN value as plain JSON-able data (for nemesis values and error texts). */
export function toPlain(value: EdnValue): unknown {
  if (value === null || typeof value !== "object" || value instanceof ExactNumber) return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof EdnKeyword) return value.name;
  if (value instanceof EdnSymbol) return value.name;
  if (value instanceof EdnChar) return value.char;
  if (value instanceof EdnList || value instanceof EdnSet) return value.items.map(toPlain);
  if (value instanceof EdnTagged) return toPlain(value.value);
  return Object.fromEntries(
    value.entries.map(([key, item]) => [String(toPlain(key)), toPlain(item)]),
  );
}

function ednText(value: EdnValue): string {
  const plain = toPlain(value);
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** An EDN value in a message: short and printable, never the whole of a large value. */
function describeEdn(value: EdnValue | undefined): string {
  if (value === undefined) return "nothing";
  if (value instanceof EdnKeyword) return quotedPrintable(`:${value.name}`).slice(1, -1);
  if (value instanceof EdnMap) return "a map";
  if (Array.isArray(value)) return "a vector";
  if (value instanceof EdnList) return "a list";
  if (value instanceof EdnSet) return "a set";
  if (value instanceof EdnTagged) return quotedPrintable(`#${value.tag} ...`).slice(1, -1);
  if (value instanceof ExactNumber) return quotedPrintable(value.text).slice(1, -1);
  if (value instanceof EdnSymbol) return quotedPrintable(value.name).slice(1, -1);
  if (value instanceof EdnChar) return quotedPrintable(`\\${value.char}`).slice(1, -1);
  if (typeof value === "string") return quotedPrintable(value);
  return String(value);
}
