import type { Entry, HardState } from "../core/types.js";
import { crc32c } from "./crc32c.js";
import {
  decodeRecordBody,
  type LogRecord,
  RecordFormatError,
  recordBodyBytesMax,
  recordHeaderBytes,
} from "./log-records.js";
import { emptyHardState, type StoredState } from "./storage.js";

export interface RecoveredLog {
  state: StoredState;
  /** Bytes of whole, valid records at the start: the log continues from here. */
  validBytes: number;
  /** Bytes after `validBytes` that belonged to a torn last record and must be cut off. */
  tornBytes: number;
  /** Whole records read. */
  records: number;
}

/** Damage before the tail of a log: something that is not a torn last write. Never repaired silently. */
export class LogCorruptionError extends Error {
  override name = "LogCorruptionError";
  constructor(
    readonly source: string,
    readonly offset: number,
    detail: string,
  ) {
    super(`log of ${source} is corrupt at byte offset ${offset}: ${detail}`);
  }
}

/**
 * Rebuilds a node's stored state from its log bytes. A crash can tear only the last write, so
 * damage is classified by where it is:
 * - a torn tail — a last record whose header or body runs past the end, a last record whose
 *   checksum fails, or a tail of zero bytes (space a file system allocated but never wrote) —
 *   is cut off: that write was never synced, so nobody was promised it;
 * - anything else (a checksum failing before the last record, a record that does not decode,
 *   an entry that does not extend the log by one) is corruption and throws, naming the
 *   source (file or node) and the byte offset.
 */
export function recoverLog(bytes: Uint8Array, source: string): RecoveredLog {
  const replay = new Replay(source);
  let offset = 0;
  let records = 0;
  while (offset < bytes.length) {
    const end = wholeRecordEnd(bytes, offset, source);
    if (end === null) break;
    const record = decodeAt(bytes, offset, end, source);
    replay.apply(record, offset);
    records++;
    offset = end;
  }
  return {
    state: { hardState: replay.hardState, entries: replay.entries },
    validBytes: offset,
    tornBytes: bytes.length - offset,
    records,
  };
}

/** The end offset of the whole, checksum-valid record at `offset`, or null if it is a torn tail. */
function wholeRecordEnd(bytes: Uint8Array, offset: number, source: string): number | null {
  const remaining = bytes.length - offset;
  if (remaining < recordHeaderBytes) return null;
  if (isAllZero(bytes, offset)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, recordHeaderBytes);
  const bodyLength = view.getUint32(0, true);
  const end = offset + recordHeaderBytes + bodyLength;
  if (end > bytes.length) return null;
  if (bodyLength === 0 || bodyLength > recordBodyBytesMax) {
    throw new LogCorruptionError(source, offset, `record length ${bodyLength} is impossible`);
  }
  const checksum = view.getUint32(4, true);
  if (crc32c(bytes, offset + recordHeaderBytes, end) === checksum) return end;
  if (end === bytes.length) return null;
  throw new LogCorruptionError(
    source,
    offset,
    `checksum mismatch in a record followed by ${bytes.length - end} more bytes`,
  );
}

function decodeAt(bytes: Uint8Array, offset: number, end: number, source: string): LogRecord {
  try {
    return decodeRecordBody(bytes.subarray(offset + recordHeaderBytes, end));
  } catch (error) {
    if (error instanceof RecordFormatError) {
      throw new LogCorruptionError(source, offset, error.message);
    }
    throw error;
  }
}

function isAllZero(bytes: Uint8Array, offset: number): boolean {
  for (let position = offset; position < bytes.length; position++) {
    if (bytes[position] !== 0) return false;
  }
  return true;
}

class Replay {
  hardState: HardState = { ...emptyHardState };
  readonly entries: Entry[] = [];

  constructor(private readonly source: string) {}

  apply(record: LogRecord, offset: number): void {
    if (record.kind === "hard-state") {
      this.hardState = record.hardState;
    } else if (record.kind === "entry") {
      const expectedIndex = this.entries.length + 1;
      if (record.entry.index !== expectedIndex) {
        throw new LogCorruptionError(
          this.source,
          offset,
          `entry index ${record.entry.index} where ${expectedIndex} was expected`,
        );
      }
      this.entries.push(record.entry);
    } else {
      if (record.fromIndex < 1 || record.fromIndex > this.entries.length + 1) {
        throw new LogCorruptionError(
          this.source,
          offset,
          `truncate from index ${record.fromIndex} in a log ending at ${this.entries.length}`,
        );
      }
      this.entries.length = record.fromIndex - 1;
    }
  }
}
