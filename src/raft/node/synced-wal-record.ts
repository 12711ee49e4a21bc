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

/**
 * A Storage over FileStorage that records the durable WAL length after each sync, before
 * reporting it done, and knows which hard state is durable.
 *
 * Why the second: FileStorage makes a hard state durable at a sync only when its term or vote
 * changed; a newer commit index alone waits (file-storage.ts explains the saving). The replica's
 * `persist` events with `synced: true` claim their commit index survives any crash, and the
 * invariant checks rely on it ("a restarted node starts at least there"). So the node host puts
 * `durableHardState.commit` in those events instead: true of FileStorage, and never more than
 * the replica claimed. This mirrors FileStorage's rule (term or vote changed at the sync's
 * call); `synced-wal-record.test.ts` pins it against the real FileStorage.
 */
export class SyncedWalRecorder implements Storage {
  private readonly recordFd: number;
  private readonly walFd: number;
  private latestHardState: HardState;
  private durable: HardState;

  constructor(
    private readonly inner: Storage,
    dataDirectory: string,
  ) {
    this.recordFd = fs.openSync(path.join(dataDirectory, syncedWalRecordName), "w", 0o644);
    this.walFd = fs.openSync(path.join(dataDirectory, walName), "r");
    this.latestHardState = inner.load().hardState;
    this.durable = this.latestHardState;
    this.record(); // what opening found (after recovery) is durable
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
        // While a sync is in flight the replica writes nothing more, so the WAL's length on the
        // OS now is exactly what this sync made durable.
        this.record();
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
