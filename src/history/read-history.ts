import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { readEdnHistory } from "./edn-reader.js";
import { readEtcdLogHistory } from "./etcd-log-reader.js";
import { excerpt, HistoryFormatError } from "./format-error.js";
import { readJsonlHistory } from "./jsonl-reader.js";
import { historyBytesMax } from "./limits.js";
import type { HistoryFormat, ParsedHistory } from "./parsed-history.js";

export interface ReadHistoryOptions {
  /** A name for messages (the path, or "<stdin>"). */
  file: string;
  /** The format, or "auto" (default) to detect it from the first line that says something. */
  format?: HistoryFormat | "auto";
}

const expectedHistory =
  'a history: raftctl JSONL ({"formatVersion":1,...}), Jepsen EDN ({:process 0, :type :invoke, ...}) or etcd Jepsen log lines (INFO jepsen.util - ...)';

/** Reads a history from text in any supported format. An empty text is an empty history. */
export function readHistoryText(text: string, options: ReadHistoryOptions): ParsedHistory {
  const format =
    !options.format || options.format === "auto"
      ? detectHistoryFormat(text, options.file)
      : options.format;
  if (format === undefined)
    return { format: "jsonl", header: undefined, records: [], warnings: [], timeUnit: "ns" };
  switch (format) {
    case "jsonl":
      return readJsonlHistory(text, options.file);
    case "edn":
      return readEdnHistory(text, options.file);
    case "etcd-log":
      return readEtcdLogHistory(text, options.file);
  }
}

/**
 * Reads a history file; `path` "-" reads standard input. A file larger than `bytesMax` is
 * refused before it is read; a device or a pipe is read up to `bytesMax` and no further, and
 * refused at its first NUL byte (no history holds one: it is binary data, e.g. /dev/zero).
 */
export function readHistoryFile(
  path: string,
  format: HistoryFormat | "auto" = "auto",
  bytesMax = historyBytesMax,
): ParsedHistory {
  const file = path === "-" ? "<stdin>" : path;
  return readHistoryText(readHistoryBytes(path, file, bytesMax).toString("utf8"), { file, format });
}

const chunkBytes = 1024 * 1024;

function readHistoryBytes(path: string, file: string, bytesMax: number): Buffer {
  let descriptor: number | undefined;
  try {
    descriptor = path === "-" ? 0 : openSync(path, "r");
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw new HistoryFileError(`${file}: a directory, not a history file`);
    if (stats.isFile() && stats.size > bytesMax) throw tooLarge(file, bytesMax);
    return readUpTo(descriptor, file, bytesMax);
  } catch (error) {
    if (error instanceof HistoryFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new HistoryFileError(`${file}: cannot read the history (${reason}); check the path`);
  } finally {
    if (descriptor !== undefined && descriptor !== 0) closeSync(descriptor);
  }
}

/** Reads to the end, refusing more than `bytesMax` bytes or any NUL byte. */
function readUpTo(descriptor: number, file: string, bytesMax: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(chunkBytes, bytesMax + 1 - total));
    const count = readChunk(descriptor, chunk);
    if (count === 0) return Buffer.concat(chunks, total);
    const nul = chunk.subarray(0, count).indexOf(0);
    if (nul !== -1) {
      throw new HistoryFileError(
        `${file}: binary data (a NUL byte at byte ${total + nul}), not a history; expected raftctl JSONL, Jepsen EDN or an etcd Jepsen log`,
      );
    }
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > bytesMax) throw tooLarge(file, bytesMax);
  }
}

/** One read; a non-blocking pipe with nothing yet is waited on briefly, as a blocking read would. */
function readChunk(descriptor: number, chunk: Buffer): number {
  for (;;) {
    try {
      return readSync(descriptor, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function tooLarge(file: string, bytesMax: number): HistoryFileError {
  return new HistoryFileError(
    `${file}: larger than ${formatBytes(bytesMax)}, the most raftctl reads as one history; split it by key or by time`,
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** A history file that cannot be opened. Exit code 64. */
export class HistoryFileError extends Error {
  readonly exitCode = 64;
  override name = "HistoryFileError";
}

/**
 * The format a history text is in, from its first line that is not blank or an EDN comment;
 * undefined for an empty history.
 */
export function detectHistoryFormat(text: string, file: string): HistoryFormat | undefined {
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith(";")) continue;
    if (/^\{\s*"/.test(line)) return "jsonl";
    if (/^INFO\s+jepsen\.util\s+-/.test(line)) return "etcd-log";
    if (/^[{[(]/.test(line)) return "edn";
    throw new HistoryFormatError({ file, line: index + 1 }, expectedHistory, excerpt(line));
  }
  return undefined;
}
