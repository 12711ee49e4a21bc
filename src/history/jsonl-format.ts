import type { HistoryHeader, HistoryRecord } from "./types.js";

/**
 * Writes a whole history as raftctl JSONL: the header, then one record per line. (Runs stream
 * theirs with writer.ts; this is for `raftctl export`.)
 */
export function formatJsonlHistory(
  header: HistoryHeader,
  records: readonly HistoryRecord[],
): string {
  const lines = [JSON.stringify(header), ...records.map((record) => JSON.stringify(record))];
  return `${lines.join("\n")}\n`;
}
