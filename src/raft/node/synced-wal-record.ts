import fs from "node:fs";
import path from "node:path";
import type { Entry, HardState } from "../core/types.js";
import type { Storage, StoredState, SyncCallback } from "../storage/storage.js";

/**
 * How many bytes of the write-ahead log an fsync has made durable, kept beside it in
 * `wal.synced-bytes` (20 ASCII digits, rewritten in place after every sync, before the node acts
 * on that sync) — so that a crash losing unsynced writes can lose ALL of them.
 *
 * Why: the file layer keeps unsynced writes in the node's memory (the page-cache emulation,
 * src/raft/storage/file/buffered-file.ts), but a sync must hand them to the OS before its fsync,
 * and a SIGKILL between the two leaves them in the file, as a process crash would — not as the
 * machine crash that `loseUnsynced` stands for, which loses every byte not yet fsynced. That
 * window is exactly when a node that acknowledges before its fsync (the `ack-before-fsync`
 * mutation) has acknowledged entries that are not durable. So after a `loseUnsynced` SIGKILL the
 * harness cuts the WAL back to the length recorded here (`cutUnsyncedWal`). The record is written
 * without fsync: it only has to survive the process, not the machine, and the cut happens before
 * the node restarts.
 */
export const syncedWalRecordName = "wal.synced-bytes";
const walName = "wal.log";
const recordWidth = 20;

/** A Storage that records the durable WAL length after each sync, before reporting it done. */
export class SyncedWalRecorder implements Storage {
  private readonly recordFd: number;
  private readonly walFd: number;

  constructor(
    private readonly inner: Storage,
    dataDirectory: string,
  ) {
    this.recordFd = fs.openSync(path.join(dataDirectory, syncedWalRecordName), "w", 0o644);
    this.walFd = fs.openSync(path.join(dataDirectory, walName), "r");
    this.record(); // what opening found (after recovery) is durable
  }

  append(entries: readonly Entry[]): void {
    this.inner.append(entries);
  }

  saveHardState(hardState: HardState): void {
    this.inner.saveHardState(hardState);
  }

  sync(done: SyncCallback): void {
    this.inner.sync((error) => {
      // While a sync is in flight the replica writes nothing more, so the WAL's length on the OS
      // now is exactly what this sync made durable.
      if (error === null) this.record();
      done(error);
    });
  }

  load(): StoredState {
    return this.inner.load();
  }

  close(): void {
    fs.closeSync(this.recordFd);
    fs.closeSync(this.walFd);
  }

  private record(): void {
    const size = fs.fstatSync(this.walFd).size;
    fs.writeSync(this.recordFd, String(size).padStart(recordWidth, "0"), 0);
  }
}

/**
 * The harness's side, after a `loseUnsynced` SIGKILL: cuts `wal.log` back to its recorded durable
 * length. Returns the bytes cut (0 when nothing was unsynced, or no record exists yet).
 */
export function cutUnsyncedWal(dataDirectory: string): { cutBytes: number; keptBytes: number } {
  const walPath = path.join(dataDirectory, walName);
  let recorded: string;
  try {
    recorded = fs.readFileSync(path.join(dataDirectory, syncedWalRecordName), "ascii");
  } catch {
    return { cutBytes: 0, keptBytes: 0 };
  }
  if (!/^\d{20}$/.test(recorded)) {
    throw new Error(`${dataDirectory}/${syncedWalRecordName} is damaged: '${recorded}'`);
  }
  const keptBytes = Number(recorded);
  const size = fs.statSync(walPath).size;
  if (size <= keptBytes) return { cutBytes: 0, keptBytes: size };
  fs.truncateSync(walPath, keptBytes);
  return { cutBytes: size - keptBytes, keptBytes };
}
