import type { Entry, HardState } from "../core/types.js";
import { crc32c } from "./crc32c.js";
import {
  decodeRecordBody,
  type LogRecord,
  RecordFormatError,
  recordBodyBytesMax,
  recordHeaderBytes,
} from "./log-records.js";
import { LogCorruptionError } from "./recovery-errors.js";
import { emptyHardState, type StoredState } from "./storage.js";

export { LogCorruptionError } from "./recovery-errors.js";

export interface RecoveredLog {
  state: StoredState;
  /** Bytes of whole, valid records at the start: the log continues from here. */
  validBytes: number;
  /** Bytes after `validBytes` that belonged to a torn last record and must be cut off. */
  tornBytes: number;
  /** Whole records read. */
  records: number;
}

/**
 * Rebuilds a node's stored state from its log bytes, given `syncedBytes`: how many of them an
 * fsync covered, as recorded durably beside the log (docs/storage.md). That record is the
 * evidence that decides what damage may be cut:
 * - within the first `syncedBytes`, every record must be whole, checksum-valid and end by then:
 *   any damage there (a bad length, a checksum, a file cut short) was promised durable, so it
 *   throws LogCorruptionError naming the source (file or node) and the byte offset;
 * - after them, the first record that is cut short, has an impossible length or fails its
 *   checksum starts a torn tail, cut off: no fsync ever covered it, so nobody was promised it;
 * - anywhere, a checksum-valid record that does not decode, or an entry that does not extend
 *   the log by one, throws: a crash does not write such a record.
 */
export function recoverLog(bytes: Uint8Array, source: string, syncedBytes: number): RecoveredLog {
  if (syncedBytes > bytes.length) {
    throw new LogCorruptionError(
      source,
      bytes.length,
      `the file ends at byte ${bytes.length} but an fsync covered ${syncedBytes} bytes: it was cut`,
    );
  }
  const replay = new Replay(source);
  let offset = 0;
  let records = 0;
  while (offset < bytes.length) {
    const whole = wholeRecordEnd(bytes, offset);
    if (typeof whole === "string") {
      if (offset < syncedBytes) {
        throw new LogCorruptionError(source, offset, `${whole}, ${coveredBy(syncedBytes)}`);
      }
      break;
    }
    if (offset < syncedBytes && whole > syncedBytes) {
      throw new LogCorruptionError(
        source,
        offset,
        `a record ends at byte ${whole}, past the end of what ${coveredBy(syncedBytes)}`,
      );
    }
    const record = decodeAt(bytes, offset, whole, source);
    replay.apply(record, offset);
    records++;
    offset = whole;
  }
  return {
    state: { hardState: replay.hardState, entries: replay.entries },
    validBytes: offset,
    tornBytes: bytes.length - offset,
    records,
  };
}

function coveredBy(syncedBytes: number): string {
  return `inside the ${syncedBytes} bytes an fsync covered`;
}

/** The end offset of the whole, checksum-valid record at `offset`, or why it is not one. */
function wholeRecordEnd(bytes: Uint8Array, offset: number): number | string {
  const remaining = bytes.length - offset;
  if (remaining < recordHeaderBytes) return `a record header cut short after ${remaining} bytes`;
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, recordHeaderBytes);
  const bodyLength = view.getUint32(0, true);
  if (bodyLength === 0 || bodyLength > recordBodyBytesMax) {
    return `record length ${bodyLength} is impossible`;
  }
  const end = offset + recordHeaderBytes + bodyLength;
  if (end > bytes.length) {
    return `a record of ${bodyLength} body bytes runs ${end - bytes.length} bytes past the end of the file`;
  }
  const checksum = view.getUint32(4, true);
  if (crc32c(bytes, offset + recordHeaderBytes, end) !== checksum) return "checksum mismatch";
  return end;
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
