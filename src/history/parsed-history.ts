import type { HistoryHeader, HistoryRecord } from "./types.js";

export type HistoryFormat = "jsonl" | "edn" | "etcd-log";

export const historyFormats: readonly HistoryFormat[] = ["jsonl", "edn", "etcd-log"];

/** A history read from a file, in raftctl's record form whatever the file's format. */
export interface ParsedHistory {
  format: HistoryFormat;
  /** Only raftctl JSONL files have one. */
  header: HistoryHeader | undefined;
  records: HistoryRecord[];
  /** Things a reader forgave (a half-written last line), to print as warnings. */
  warnings: string[];
  /** What `timeNs` holds: nanoseconds, the line number (etcd logs), or the position (EDN without :time). */
  timeUnit: "ns" | "line" | "position";
}

/** The key single-register histories (etcd logs, Jepsen histories without keys) are read under. */
export const singleRegisterKey = "0";
