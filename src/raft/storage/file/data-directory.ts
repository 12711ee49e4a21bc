import fs from "node:fs";
import path from "node:path";
import type { HardState } from "../../core/types.js";
import { type RecoveredLog, recoverLog } from "../log-recovery.js";
import { MissingStorageFileError, RecoveryRefusedError } from "../recovery-errors.js";
import type { HardStateFile } from "./hard-state-file.js";
import { type SyncedLength, SyncedLengthFile, syncedLengthFileName } from "./synced-length-file.js";

/** The files of a node's data directory. */
export interface DataDirectoryPaths {
  directory: string;
  walPath: string;
  syncedLengthPath: string;
}

export function dataDirectoryPaths(directory: string): DataDirectoryPaths {
  return {
    directory,
    walPath: path.join(directory, "wal.log"),
    syncedLengthPath: path.join(directory, syncedLengthFileName),
  };
}

/** What a data directory holds, checked whole; nothing repaired yet. */
export interface InspectedDataDirectory {
  hardState: HardState;
  synced: SyncedLength;
  walBytes: Uint8Array;
  recovered: RecoveredLog;
}

/**
 * Reads and checks a data directory without changing any file: throws a RecoveryRefusedError
 * (LogCorruptionError, MissingStorageFileError) naming the file, and the byte offset of damage,
 * when its state is not one a crash can leave. The caller repairs (cuts a torn tail) only after.
 */
export function inspectDataDirectory(
  paths: DataDirectoryPaths,
  hardStateFile: HardStateFile,
): InspectedDataDirectory {
  const synced = SyncedLengthFile.read(paths.syncedLengthPath);
  if (synced === null) {
    throw new MissingStorageFileError(
      paths.syncedLengthPath,
      "the data directory was written by an older raftctl (whose logs carry no record of what an fsync covered) or the file was deleted, so a torn tail cannot be told from damage",
    );
  }
  const walBytes = readIfPresent(paths.walPath);
  if (walBytes === null) {
    throw new MissingStorageFileError(
      paths.walPath,
      `the write-ahead log was deleted, though ${syncedLengthFileName} says an fsync covered ${synced.syncedBytes} bytes of it`,
    );
  }
  const hardState = hardStateFile.read();
  if (hardState === null) {
    throw new MissingStorageFileError(
      hardStateFile.path,
      "the hard-state file (term, vote, commit) was deleted: it is created with the data directory, and starting without it could vote twice in a term",
    );
  }
  const recovered = recoverLog(walBytes, paths.walPath, synced.syncedBytes);
  const lastIndex = recovered.state.entries.length;
  if (hardState.commit > lastIndex) {
    throw new RecoveryRefusedError(
      hardStateFile.path,
      null,
      `${hardStateFile.path} says commit ${hardState.commit} but ${paths.walPath} ends at index ${lastIndex}: the data directory is inconsistent; nothing was changed`,
    );
  }
  return { hardState, synced, walBytes, recovered };
}

/**
 * True for a directory this format never completed: no synced-length record (it is created
 * last), and no log or hard state with anything in it. Such a directory is (re)created.
 */
export function isNewDataDirectory(paths: DataDirectoryPaths, hardStateFile: HardStateFile) {
  if (fs.existsSync(paths.syncedLengthPath)) return false;
  const walBytes = readIfPresent(paths.walPath);
  if (walBytes !== null && walBytes.length > 0) return false;
  if (!fs.existsSync(hardStateFile.path)) return true;
  try {
    const hardState = hardStateFile.read();
    return hardState === null || (hardState.term === 0 && hardState.vote === null);
  } catch {
    return false;
  }
}

/** Creates the files of a new data directory durably; the synced-length record comes last. */
export function createDataDirectory(paths: DataDirectoryPaths, hardStateFile: HardStateFile) {
  fs.mkdirSync(paths.directory, { recursive: true });
  fs.closeSync(fs.openSync(paths.walPath, "a", 0o644));
  hardStateFile.saveNow({ term: 0, vote: null, commit: 0 });
  SyncedLengthFile.create(paths.syncedLengthPath);
  syncDirectoryNow(paths.directory);
}

export function syncDirectoryNow(directory: string): void {
  const fd = fs.openSync(directory, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readIfPresent(filePath: string): Uint8Array | null {
  try {
    const bytes = fs.readFileSync(filePath);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
