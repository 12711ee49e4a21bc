import type { HistoryHeader, HistoryRecord } from "./types.js";
import { formatHistoryHeader, formatHistoryRecord, HistoryWriteError } from "./writer.js";

/**
 * Writes a whole history as raftctl JSONL: the header, then one record per line, with the same
 * bytes as a run's writer (numbers exact, keys in the contract's order). (Runs stream theirs
 * with writer.ts; this is for `raftctl export`.)
 */
export function formatJsonlHistory(
  header: HistoryHeader,
  records: readonly HistoryRecord[],
): string {
  const lines = [formatHistoryHeader(header), ...records.map(formatRecordNamed)];
  return `${lines.join("\n")}\n`;
}

function formatRecordNamed(record: HistoryRecord): string {
  try {
    return formatHistoryRecord(record);
  } catch (error) {
    if (!(error instanceof HistoryWriteError)) throw error;
    throw new HistoryWriteError(`record #${record.index}: ${error.message}`);
  }
}
