/** The Storage interface, a memory storage, and the on-disk log format shared by both modes. */
export { crc32c } from "./crc32c.js";
export {
  decodeRecordBody,
  encodeRecords,
  type LogRecord,
  RecordFormatError,
  recordBodyBytesMax,
  recordHeaderBytes,
} from "./log-records.js";
export { type RecoveredLog, recoverLog } from "./log-recovery.js";
export { type LogFile, LogStorage } from "./log-storage.js";
export { MemoryStorage } from "./memory-storage.js";
export {
  LogCorruptionError,
  MissingStorageFileError,
  RecoveryRefusedError,
} from "./recovery-errors.js";
export {
  assertAppendable,
  emptyHardState,
  type Storage,
  type StoredState,
  type SyncCallback,
} from "./storage.js";
