import fs from "node:fs";
import path from "node:path";
import type { Entry, HardState } from "../core/types.js";
import { readSyncedLength, syncedLengthFileName } from "../storage/file/synced-length-file.js";
import type { Storage, StoredState, SyncCallback } from "../storage/storage.js";

const walName = "wal.log";

/**
 * A Storage over FileStorage that knows which hard state is durable.
 *
 * Why: FileStorage makes a hard state durable at a sync only when its term or vote
 * changed; a newer commit index alone waits (file-storage.ts explains the saving). The replica's
 * `persist` events with `synced: true` claim their commit index survives any crash, and the
 * invariant checks rely on it ("a restarted node starts at least there"). So the node host puts
 * `durableHardState.commit` in those events instead: true of FileStorage, and never more than
 * the replica claimed. This mirrors FileStorage's rule (term or vote changed at the sync's
 * call); `synced-wal-record.test.ts` pins it against the real FileStorage.
 */
export class SyncedWalRecorder implements Storage {
  private latestHardState: HardState;
  private durable: HardState;

  constructor(private readonly inner: Storage) {
    this.latestHardState = inner.load().hardState;
    this.durable = this.latestHardState;
  }

  /** The hard state a crash now would leave on disk (whatever was lost unsynced). */
  get durableHardState(): HardState {
    return { ...this.durable };
  }

  append(entries: readonly Entry[]): void {
    this.inner.append(entries);
  }

  saveHardState(hardState: HardState): void {
    this.latestHardState = { ...hardState };
    this.inner.saveHardState(hardState);
  }

  sync(done: SyncCallback): void {
    const atCall = this.latestHardState;
    this.inner.sync((error) => {
      if (error === null) {
        if (atCall.term !== this.durable.term || atCall.vote !== this.durable.vote) {
          this.durable = atCall;
        }
      }
      done(error);
    });
  }

  load(): StoredState {
    return this.inner.load();
  }
}

/**
 * The harness's side, after a `loseUnsynced` SIGKILL: cuts `wal.log` back to the length an fsync
 * covered, as the file layer recorded it durably after every WAL fdatasync (`wal.synced`,
 * synced-length-file.ts) and before the node acted on that sync. A SIGKILL inside a sync leaves
 * bytes the node handed to the OS that no fsync covered yet: a machine crash would lose them.
 * Returns the bytes cut (0 when nothing was unsynced, or no record exists yet).
 */
export function cutUnsyncedWal(dataDirectory: string): { cutBytes: number; keptBytes: number } {
  const walPath = path.join(dataDirectory, walName);
  const keptBytes = readSyncedLength(path.join(dataDirectory, syncedLengthFileName));
  if (keptBytes === null || !fs.existsSync(walPath)) return { cutBytes: 0, keptBytes: 0 };
  const size = fs.statSync(walPath).size;
  if (size <= keptBytes) return { cutBytes: 0, keptBytes: size };
  fs.truncateSync(walPath, keptBytes);
  return { cutBytes: size - keptBytes, keptBytes };
}
