import { readFileSync } from "node:fs";
import { readEdnHistory } from "./edn-reader.js";
import { readEtcdLogHistory } from "./etcd-log-reader.js";
import { excerpt, HistoryFormatError } from "./format-error.js";
import { readJsonlHistory } from "./jsonl-reader.js";
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

/** Reads a history file; `path` "-" reads standard input. */
export function readHistoryFile(
  path: string,
  format: HistoryFormat | "auto" = "auto",
): ParsedHistory {
  const file = path === "-" ? "<stdin>" : path;
  let text: string;
  try {
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
    throw new HistoryFileError(`${file}: cannot read the history (${reason}); check the path`);
  }
  return readHistoryText(text, { file, format });
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
