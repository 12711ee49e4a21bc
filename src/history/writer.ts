import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import type { NodeEvent } from "./events.js";
import { ExactNumber } from "./exact-number.js";
import type { ClientRecord, HistoryHeader, HistoryRecord, NemesisRecord } from "./types.js";

/**
 * Streaming JSONL writers for `history.jsonl` and `events.jsonl`, written as the run goes.
 *
 * Lines are kept in memory and written with synchronous `writeSync` calls: when the buffer passes
 * `bufferBytesMax`, every `flushIntervalMs` of wall time (an unref'd timer, so it never keeps the
 * process alive), and at `close()`. Synchronous writes keep the order of lines trivially right and
 * mean a killed run loses at most the last interval's lines; a line is written whole or not at
 * all as far as this process is concerned, and the readers drop a half-written last line anyway.
 *
 * Output is byte-stable: the same records give the same bytes, whatever order their properties
 * were created in. Known keys come first in the contract's order, the rest alphabetically, and
 * nested objects alphabetically; `undefined` properties are left out, as JSON.stringify does.
 */

export class HistoryWriteError extends Error {
  readonly exitCode = 64;
  override name = "HistoryWriteError";
}

export interface JsonlWriterOptions {
  /** Wall-clock interval between flushes of buffered lines; 0 disables the timer. Default 200. */
  flushIntervalMs?: number;
  /** Buffered bytes (UTF-16 length, near enough) past which a write flushes at once. Default 64 KiB. */
  bufferBytesMax?: number;
}

const flushIntervalMsDefault = 200;
const bufferBytesMaxDefault = 64 * 1024;

const historyKeyOrder = [
  "index",
  "type",
  "process",
  "f",
  "key",
  "value",
  "timeNs",
  "endNs",
  "applied",
  "error",
];
const headerKeyOrder = [
  "formatVersion",
  "raftctlVersion",
  "scenario",
  "seed",
  "mode",
  "model",
  "source",
];
const eventKeyOrder = ["timeNs", "node", "type"];

/** A record before the writer numbers it: the writer assigns `index` in line order. */
export type ClientRecordInput = Omit<ClientRecord, "index">;
export type NemesisRecordInput = Omit<NemesisRecord, "index">;
export type HistoryRecordInput = ClientRecordInput | NemesisRecordInput;

/** Serializes a value with a stable key order: `leadingKeys` first (top level only), then alphabetical. */
export function stableStringify(value: unknown, leadingKeys: readonly string[] = []): string {
  return serialize(value, leadingKeys, "$");
}

function serialize(value: unknown, leadingKeys: readonly string[], path: string): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new TypeError(`${path} is ${value}: JSON has no such number`);
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (value instanceof ExactNumber) return exactNumberJson(value, path);
  if (Array.isArray(value)) {
    const items = value.map((item, position) =>
      item === undefined ? "null" : serialize(item, [], `${path}[${position}]`),
    );
    return `[${items.join(",")}]`;
  }
  if (typeof value === "object") return serializeObject(value as object, leadingKeys, path);
  throw new TypeError(`${path} is a ${typeof value}: only JSON values can be written`);
}

/** An exact number as written (a float stays a float); an EDN decimal has no JSON form. */
function exactNumberJson(value: ExactNumber, path: string): string {
  const text = value.jsonText();
  if (text !== undefined) return text;
  throw new HistoryWriteError(
    `${path} is ${value.text}, an EDN decimal, which JSON cannot tell from the float ${value.text.slice(0, -1)}: export this history as EDN`,
  );
}

function serializeObject(value: object, leadingKeys: readonly string[], path: string): string {
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  const rank = (key: string): number => {
    const position = leadingKeys.indexOf(key);
    return position === -1 ? leadingKeys.length : position;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const parts = entries.map(
    ([key, item]) => `${JSON.stringify(key)}:${serialize(item, [], `${path}.${key}`)}`,
  );
  return `{${parts.join(",")}}`;
}

/** Appends JSON lines to a file, buffered; see the module comment for when it flushes. */
export class JsonlFileWriter {
  readonly path: string;
  private descriptor: number | null;
  private pending: string[] = [];
  private pendingBytes = 0;
  private readonly bufferBytesMax: number;
  private readonly timer: NodeJS.Timeout | null;
  private linesWritten = 0;

  constructor(path: string, options: JsonlWriterOptions = {}) {
    this.path = path;
    this.bufferBytesMax = options.bufferBytesMax ?? bufferBytesMaxDefault;
    const flushIntervalMs = options.flushIntervalMs ?? flushIntervalMsDefault;
    try {
      this.descriptor = openSync(path, "w");
    } catch (error) {
      throw new HistoryWriteError(
        `cannot write ${path}: ${(error as Error).message}\nChoose a writable report directory (--report-dir).`,
      );
    }
    this.timer = flushIntervalMs > 0 ? setInterval(() => this.flush(), flushIntervalMs) : null;
    this.timer?.unref();
  }

  /** Lines accepted so far (written or still buffered). */
  get lineCount(): number {
    return this.linesWritten;
  }

  writeLine(line: string): void {
    if (this.descriptor === null) throw new Error(`${this.path} is closed: no more lines`);
    if (line.includes("\n")) throw new Error(`a JSONL line cannot contain a newline: ${line}`);
    this.pending.push(`${line}\n`);
    this.pendingBytes += line.length + 1;
    this.linesWritten += 1;
    if (this.pendingBytes >= this.bufferBytesMax) this.flush();
  }

  /** Writes every buffered line to the file now. */
  flush(): void {
    if (this.descriptor === null || this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.descriptor, text);
  }

  /** Flushes, syncs and closes the file; later writes throw. Closing twice is harmless. */
  close(): void {
    if (this.descriptor === null) return;
    if (this.timer !== null) clearInterval(this.timer);
    this.flush();
    fsyncSync(this.descriptor);
    closeSync(this.descriptor);
    this.descriptor = null;
  }
}

/**
 * `history.jsonl`: the header line at once (flushed, so even a run killed at its start leaves a
 * readable file), then records numbered in the order they arrive.
 */
export class HistoryWriter {
  private readonly file: JsonlFileWriter;
  private nextIndex = 0;

  constructor(path: string, header: HistoryHeader, options: JsonlWriterOptions = {}) {
    this.file = new JsonlFileWriter(path, options);
    this.file.writeLine(formatHistoryHeader(header));
    this.file.flush();
  }

  get path(): string {
    return this.file.path;
  }

  /** Numbers the record (its `index` is its position among records, from 0), writes it, returns it. */
  append(input: HistoryRecordInput): HistoryRecord {
    const record = { ...input, index: this.nextIndex } as HistoryRecord;
    this.file.writeLine(formatHistoryRecord(record));
    this.nextIndex += 1;
    return record;
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}

/** `events.jsonl`: one node event per line, `timeNs`, `node`, `type` first. */
export class EventsWriter {
  private readonly file: JsonlFileWriter;

  constructor(path: string, options: JsonlWriterOptions = {}) {
    this.file = new JsonlFileWriter(path, options);
  }

  get path(): string {
    return this.file.path;
  }

  append(event: NodeEvent): void {
    this.file.writeLine(formatEvent(event));
  }

  flush(): void {
    this.file.flush();
  }

  close(): void {
    this.file.close();
  }
}

/** The line a history record becomes (without the newline), for callers that need the bytes. */
export function formatHistoryRecord(record: HistoryRecord): string {
  return stableStringify(record, historyKeyOrder);
}

export function formatHistoryHeader(header: HistoryHeader): string {
  return stableStringify(header, headerKeyOrder);
}

export function formatEvent(event: NodeEvent): string {
  return stableStringify(event, eventKeyOrder);
}
