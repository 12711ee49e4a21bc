import fs from "node:fs";
import path from "node:path";
import type { Entry, HardState } from "../../core/types.js";
import { LogStorage } from "../log-storage.js";
import type { Storage, StoredState, SyncCallback } from "../storage.js";
import { BufferedFile } from "./buffered-file.js";
import { HardStateFile, type HardStateFileOptions } from "./hard-state-file.js";
import type { SyncLatency } from "./sync-latency.js";

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
  /** Whole records replayed from the WAL. */
  records: number;
}

/**
 * A node's durable state in its data directory, on real files with real fsync:
 *   wal.log     the write-ahead log: entry and truncate records in the shared format
 *               (log-records.ts), appended in memory per Ready and made durable by one
 *               fdatasync per `sync` — every entry of a Ready, or of several, in one batch;
 *   hard-state  term, vote and commit, replaced atomically (hard-state-file.ts).
 * Opening recovers: a torn WAL tail is cut off (the file truncated), damage before the tail
 * throws LogCorruptionError naming the file and byte offset, and the node must not start.
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
    private readonly loaded: StoredState,
    readonly recovery: FileStorageRecovery,
  ) {
    this.latestHardState = loaded.hardState;
    this.fileHardState = loaded.hardState;
  }

  /** Opens (creating) the data directory and recovers; throws LogCorruptionError on damage. */
  static open(dataDirectory: string, options: FileStorageOptions = {}): FileStorage {
    fs.mkdirSync(dataDirectory, { recursive: true });
    const walPath = path.join(dataDirectory, "wal.log");
    const created = !fs.existsSync(walPath);
    const wal = BufferedFile.open(walPath, {
      pendingBytesMax: options.pendingBytesMax,
      syncLatency: options.syncLatency ?? null,
    });
    if (created) syncDirectoryNow(dataDirectory);
    const hardStateFile = new HardStateFile(dataDirectory, options.hardStateFile);
    let log: LogStorage;
    let hardState: HardState;
    try {
      log = LogStorage.open(wal, walPath);
      hardState = hardStateFile.load();
    } catch (error) {
      void wal.close();
      throw error;
    }
    const entries = log.load().entries;
    assertCommitWithinLog(hardState, entries.length, {
      walPath,
      hardStatePath: hardStateFile.path,
    });
    const recovery = {
      walPath,
      hardStatePath: hardStateFile.path,
      tornBytesCut: log.recovered.tornBytes,
      records: log.recovered.records,
    };
    return new FileStorage(wal, log, hardStateFile, { hardState, entries }, recovery);
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
      if (!sameHardState(this.latestHardState, this.fileHardState)) {
        await this.hardStateFile.save(this.latestHardState);
        this.fileHardState = this.latestHardState;
      }
    }).finally(() => this.wal.close());
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

/** A commit index beyond the log means the files disagree: refuse rather than apply a hole. */
function assertCommitWithinLog(
  hardState: HardState,
  lastIndex: number,
  paths: { walPath: string; hardStatePath: string },
): void {
  if (hardState.commit > lastIndex) {
    throw new Error(
      `${paths.hardStatePath} says commit ${hardState.commit} but ${paths.walPath} ends at index ${lastIndex}: the data directory is inconsistent`,
    );
  }
}

function syncDirectoryNow(directory: string): void {
  const fd = fs.openSync(directory, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
