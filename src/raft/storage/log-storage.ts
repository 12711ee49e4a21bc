import type { Entry, HardState } from "../core/types.js";
import { encodeEntryRecordsReused, encodeHardStateRecordReused } from "./log-records.js";
import { type RecoveredLog, recoverLog } from "./log-recovery.js";
import { assertAppendable, type Storage, type StoredState, type SyncCallback } from "./storage.js";

/**
 * The byte file a log lives in. The simulator implements it over its simulated disk; process
 * mode over a real file. Writes are buffered until `sync`, as the OS page cache holds them.
 */
export interface LogFile {
  /** Every byte written so far, synced or not: what a restarting node reads back. */
  read(): Uint8Array;
  /** Writes `bytes` at the end. Copies them before returning: the caller reuses its buffer. */
  append(bytes: Uint8Array): void;
  /** Cuts the file to `length` bytes, durably (used to remove a torn tail on recovery). */
  truncate(length: number): void;
  /** Makes every earlier append durable, then calls `done` (never from within `sync`). */
  sync(done: SyncCallback): void;
  /**
   * How many bytes an fsync covered, as known from a durable record beside the log: the
   * evidence recovery needs to tell a torn tail (after it) from damage (within it).
   */
  readonly syncedBytes: number;
  /** Keeps bytes cut off as a torn tail beside the log (a bounded number of the latest). */
  keepTornTail?(bytes: Uint8Array): void;
}

/**
 * A Storage writing the on-disk log format (log-records.ts) to a LogFile. Opening it recovers
 * the state from the file's bytes, cuts a torn tail (after what an fsync covered) off so new
 * records follow valid ones, and throws LogCorruptionError on any other damage, changing nothing.
 */
export class LogStorage implements Storage {
  private lastIndex: number;
  /** The hard state last written to the file (what a restart would read back). */
  private writtenHardState: HardState;
  /** The newest hard state saved since the last sync, not yet written. */
  private pendingHardState: HardState | null = null;

  private constructor(
    private readonly file: LogFile,
    private readonly source: string,
    readonly recovered: RecoveredLog,
  ) {
    this.lastIndex = recovered.state.entries.length;
    this.writtenHardState = { ...recovered.state.hardState };
  }

  /** Opens the log in `file`; `source` names the node or file in error messages. */
  static open(file: LogFile, source: string): LogStorage {
    const bytes = file.read();
    const recovered = recoverLog(bytes, source, file.syncedBytes);
    if (recovered.tornBytes > 0) {
      file.keepTornTail?.(bytes.subarray(recovered.validBytes));
      file.truncate(recovered.validBytes);
    }
    return new LogStorage(file, source, recovered);
  }

  /** A log whose file was recovered (and its torn tail cut) by the caller. */
  static resume(file: LogFile, source: string, recovered: RecoveredLog): LogStorage {
    return new LogStorage(file, source, recovered);
  }

  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    assertAppendable(entries, this.lastIndex, `log of ${this.source}`);
    const truncateFrom = first.index <= this.lastIndex ? first.index : null;
    this.file.append(encodeEntryRecordsReused(entries, truncateFrom));
    this.lastIndex = first.index + entries.length - 1;
  }

  /**
   * Kept until the next `sync`, which writes it (if it differs from the last one written) before
   * making everything durable. A hard state that changed only its commit index never needs a
   * sync (the Ready contract): written at once it cost a record per heartbeat on every follower,
   * while a commit index lost in a crash is only learned again from the leader. So what a synced
   * write claims durable is durable, and a commit-only change reaches the disk with the next sync.
   */
  saveHardState(hardState: HardState): void {
    this.pendingHardState = hardState;
  }

  sync(done: SyncCallback): void {
    this.writePendingHardState();
    this.file.sync(done);
  }

  private writePendingHardState(): void {
    const hardState = this.pendingHardState;
    if (hardState === null) return;
    this.pendingHardState = null;
    const written = this.writtenHardState;
    const unchanged =
      hardState.term === written.term &&
      hardState.vote === written.vote &&
      hardState.commit === written.commit;
    if (unchanged) return;
    this.file.append(encodeHardStateRecordReused(hardState));
    this.writtenHardState = { ...hardState };
  }

  load(): StoredState {
    return {
      hardState: { ...this.recovered.state.hardState },
      entries: [...this.recovered.state.entries],
    };
  }
}
