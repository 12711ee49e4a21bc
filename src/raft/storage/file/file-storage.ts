import type { Entry, HardState } from "../../core/types.js";
import { LogStorage } from "../log-storage.js";
import type { Storage, StoredState, SyncCallback } from "../storage.js";
import { BufferedFile } from "./buffered-file.js";
import {
  createDataDirectory,
  dataDirectoryPaths,
  inspectDataDirectory,
  isNewDataDirectory,
} from "./data-directory.js";
import { HardStateFile, type HardStateFileOptions } from "./hard-state-file.js";
import type { SyncLatency } from "./sync-latency.js";
import { SyncedLengthFile } from "./synced-length-file.js";
import { keepTornTail } from "./torn-tail-files.js";

export interface FileStorageOptions {
  /** Bound on unsynced WAL bytes held in memory. */
  pendingBytesMax?: number;
  /**
   * A slow disk: the least time each WAL sync takes (see buffered-file.ts). The hard-state
   * file's own fsyncs (term or vote changed) are not slowed: one latency per `sync`, as the
   * simulated disk draws one per sync. Default none: the real disk's own latency.
   */
  syncLatency?: SyncLatency | null;
  hardStateFile?: HardStateFileOptions;
}

/** What opening the data directory found and repaired. */
export interface FileStorageRecovery {
  walPath: string;
  hardStatePath: string;
  /** Bytes of a torn last record cut off the WAL (0 when it ended cleanly). */
  tornBytesCut: number;
  /** Where the cut bytes were kept (`wal.torn.<n>` beside the log), or null when none were cut. */
  tornTailPath: string | null;
  /** Whole records replayed from the WAL. */
  records: number;
}

/**
 * A node's durable state in its data directory, on real files with real fsync:
 *   wal.log     the write-ahead log: entry and truncate records in the shared format
 *               (log-records.ts), appended in memory per Ready and made durable by one
 *               fdatasync per `sync` — every entry of a Ready, or of several, in one batch;
 *   hard-state  term, vote and commit, replaced atomically (hard-state-file.ts);
 *   wal.synced  how many WAL bytes an fsync covered, saved after each WAL fdatasync
 *               (synced-length-file.ts): the evidence recovery needs;
 *   wal.torn.<n> the latest few torn tails recovery cut off (torn-tail-files.ts).
 * Opening recovers (docs/storage.md): only bytes after what an fsync covered may be cut as a
 * torn tail; any other damage throws a RecoveryRefusedError naming the file and byte offset,
 * with every file left as it was, and the node must not start.
 *
 * One WAL file, not rotated segments: without snapshots nothing before the tail can ever be
 * deleted, so segments would only add files. Rotation belongs with log compaction.
 *
 * Commit-only changes to the hard state are not fsynced on their own: `sync` rewrites the
 * hard-state file when the term or vote changed (Raft's safety needs those durable before a
 * vote or an append is answered), while a newer commit index waits for the next such change,
 * `flushToOs` or `close`. A restarted node whose commit index is stale only re-learns it from
 * the leader (the paper keeps commitIndex volatile); it saves two fsyncs and a rename per Ready.
 */
export class FileStorage implements Storage {
  private latestHardState: HardState;
  /** What the hard-state file holds (on disk or at least with the OS). */
  private fileHardState: HardState;
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly wal: BufferedFile,
    private readonly log: LogStorage,
    private readonly hardStateFile: HardStateFile,
    private readonly syncedLength: SyncedLengthFile,
    private readonly loaded: StoredState,
    readonly recovery: FileStorageRecovery,
  ) {
    this.latestHardState = loaded.hardState;
    this.fileHardState = loaded.hardState;
  }

  /**
   * Opens (creating) the data directory and recovers. Checks everything before changing
   * anything: on damage it throws a RecoveryRefusedError (LogCorruptionError naming the file and
   * byte offset, MissingStorageFileError) and no file is changed. Then it cuts a torn tail
   * (saved beside the log first, as `wal.torn.<n>`), and makes whatever the WAL holds durable.
   */
  static open(dataDirectory: string, options: FileStorageOptions = {}): FileStorage {
    const paths = dataDirectoryPaths(dataDirectory);
    const hardStateFile = new HardStateFile(dataDirectory, options.hardStateFile);
    if (isNewDataDirectory(paths, hardStateFile)) createDataDirectory(paths, hardStateFile);
    const found = inspectDataDirectory(paths, hardStateFile);
    const { recovered } = found;
    hardStateFile.removeLeftoverTemp();
    const tornTailPath =
      recovered.tornBytes > 0
        ? keepTornTail(dataDirectory, found.walBytes.subarray(recovered.validBytes))
        : null;
    const wal = BufferedFile.open(paths.walPath, {
      pendingBytesMax: options.pendingBytesMax,
      syncLatency: options.syncLatency ?? null,
    });
    const syncedLength = SyncedLengthFile.open(paths.syncedLengthPath, found.synced);
    try {
      if (recovered.tornBytes > 0) wal.truncate(recovered.validBytes);
      // Whole records after the recorded length (written to the OS before a crash, never
      // fsynced) are kept: fsync them now, so the record can cover them.
      if (wal.size > syncedLength.syncedBytes) {
        wal.syncNow();
        syncedLength.saveNow(wal.size);
      }
    } catch (error) {
      void wal.close();
      syncedLength.close();
      throw error;
    }
    const log = LogStorage.resume(wal, paths.walPath, recovered);
    const recovery = {
      walPath: paths.walPath,
      hardStatePath: hardStateFile.path,
      tornBytesCut: recovered.tornBytes,
      tornTailPath,
      records: recovered.records,
    };
    const loaded = { hardState: found.hardState, entries: recovered.state.entries };
    return new FileStorage(wal, log, hardStateFile, syncedLength, loaded, recovery);
  }

  append(entries: readonly Entry[]): void {
    this.log.append(entries);
  }

  saveHardState(hardState: HardState): void {
    this.latestHardState = { ...hardState };
  }

  /** Makes the appended entries durable, and the hard state when its term or vote changed. */
  sync(done: SyncCallback): void {
    const hardState = this.latestHardState; // as of this call: never a later Ready's commit
    this.enqueue(async () => {
      await this.wal.sync();
      await this.syncedLength.save(this.wal.syncedBytes);
      if (!sameTermAndVote(hardState, this.fileHardState)) {
        await this.hardStateFile.save(hardState);
        this.fileHardState = hardState;
      }
    }).then(
      () => done(null),
      (error: Error) => done(error),
    );
  }

  load(): StoredState {
    return { hardState: { ...this.loaded.hardState }, entries: [...this.loaded.entries] };
  }

  /** Unsynced WAL bytes held in this process. */
  get pendingBytes(): number {
    return this.wal.pendingBytes;
  }

  /** Hands every unsynced write (WAL bytes, then a newer hard state) to the OS without fsync. */
  flushToOs(): Promise<void> {
    return this.enqueue(async () => {
      await this.wal.flushToOs();
      const hardState = this.latestHardState;
      if (!sameHardState(hardState, this.fileHardState)) {
        await this.hardStateFile.saveToOs(hardState);
        this.fileHardState = hardState;
      }
    });
  }

  /**
   * A torn write: hands the OS only the first `chooseByteCount(pending)` unsynced WAL bytes,
   * drops the rest and any unsaved hard state, and stops the storage (later syncs fail).
   */
  tear(
    chooseByteCount: (pendingBytes: number) => number,
  ): Promise<{ writtenBytes: number; discardedBytes: number }> {
    return this.enqueue(() => this.wal.tear(chooseByteCount(this.wal.pendingBytes)));
  }

  /** A clean shutdown: everything durable, including the latest commit index, then closed. */
  async close(): Promise<void> {
    await this.enqueue(async () => {
      if (this.wal.stopped !== null) return;
      await this.wal.sync();
      await this.syncedLength.save(this.wal.syncedBytes);
      if (!sameHardState(this.latestHardState, this.fileHardState)) {
        await this.hardStateFile.save(this.latestHardState);
        this.fileHardState = this.latestHardState;
      }
    }).finally(async () => {
      await this.wal.close();
      this.syncedLength.close();
    });
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.then(
      () => {},
      () => {},
    );
    return result;
  }
}

function sameTermAndVote(left: HardState, right: HardState): boolean {
  return left.term === right.term && left.vote === right.vote;
}

function sameHardState(left: HardState, right: HardState): boolean {
  return sameTermAndVote(left, right) && left.commit === right.commit;
}
