import fs from "node:fs";
import type { LogFile } from "../log-storage.js";
import type { SyncCallback } from "../storage.js";
import { fdatasync, writeAll } from "./fs-calls.js";
import type { SyncLatency } from "./sync-latency.js";

/**
 * A file whose unsynced writes live in this process's memory — the page-cache emulation.
 *
 * Why: process mode must be able to lose unsynced writes the way a machine crash loses them,
 * yet its crash is a SIGKILL of one process, after which the OS still holds (and eventually
 * writes) everything handed to it. So this layer plays the OS page cache itself: `write` only
 * appends to a pending buffer in memory, and bytes reach the OS at `sync` (write + fdatasync),
 * at `flushToOs` (write, no fsync) or at `tear` (a prefix only). A SIGKILL then loses exactly the
 * pending bytes. Before a plain crash the harness asks for `flushToOs`, so the unsynced writes
 * survive the kill as they would survive a process crash on a real machine; for `loseUnsynced`
 * it kills at once; for `tornWrite` it asks for `tear` first.
 *
 * What it does not model: an OS that writes dirty pages back on its own schedule (real unsynced
 * data may reach the disk partly, in any page order, not only as a prefix); writes torn inside a
 * sector or zero-filled extents after a power cut; the disk's own cache; fsync failures and the
 * page state after them; and metadata — creating, renaming and truncating files happen at once
 * in the real file system, so a "lost" crash never undoes a rename.
 *
 * All I/O happens in order on one internal chain, with positional writes at the OS end of the
 * file, so bytes reach the file strictly as a prefix of what was written: never a hole.
 *
 * A slow disk (`syncLatency`, the scenario's `disk.syncLatency`): a sync completes no sooner
 * than its drawn latency after it began, and its bytes count as synced only then. The real
 * fdatasync runs first, so the model only ever adds time: a real disk slower than the draw
 * keeps its own pace. The clock starts when the sync reaches the head of the chain, not when it
 * was asked for: a disk serves one flush at a time.
 */
export class BufferedFile implements LogFile {
  private pending: Uint8Array[] = [];
  private pendingSize = 0;
  private osSize: number;
  private syncedSize: number;
  private chain: Promise<void> = Promise.resolve();
  private stopReason: string | null = null;
  private discardedAfterStop = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly pendingBytesMax: number,
    private readonly syncLatency: SyncLatency | null,
  ) {
    this.osSize = fs.fstatSync(fd).size;
    // What was on disk when we opened is taken as durable: a previous run synced it or the
    // recovery that follows opening decides what to keep.
    this.syncedSize = this.osSize;
  }

  /** Opens (creating if needed) `path` for appending. */
  static open(
    path: string,
    options: { pendingBytesMax?: number; syncLatency?: SyncLatency | null } = {},
  ): BufferedFile {
    const fd = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    const pendingBytesMax = options.pendingBytesMax ?? 256 * 1024 * 1024;
    return new BufferedFile(path, fd, pendingBytesMax, options.syncLatency ?? null);
  }

  /** Every byte written so far, on the OS or pending. */
  get size(): number {
    return this.osSize + this.pendingSize;
  }

  /** Bytes handed to the OS (they survive a process kill). */
  get osBytes(): number {
    return this.osSize;
  }

  /** Bytes made durable by an fdatasync. */
  get syncedBytes(): number {
    return this.syncedSize;
  }

  /** Bytes held in this process only (a process kill loses them). */
  get pendingBytes(): number {
    return this.pendingSize;
  }

  /** Why the file stopped (after `tear` or `close`), or null while it works. */
  get stopped(): string | null {
    return this.stopReason;
  }

  /**
   * Appends to the pending buffer. After `tear` the bytes are discarded: the process is about to
   * be killed, and nothing may reach the file after the torn write.
   */
  write(bytes: Uint8Array): void {
    if (this.stopReason !== null) {
      this.discardedAfterStop += bytes.length;
      return;
    }
    if (this.pendingSize + bytes.length > this.pendingBytesMax) {
      throw new Error(
        `${this.path}: ${this.pendingSize + bytes.length} unsynced bytes would exceed the bound of ${this.pendingBytesMax}; sync more often`,
      );
    }
    if (bytes.length === 0) return;
    this.pending.push(bytes.slice());
    this.pendingSize += bytes.length;
  }

  /** LogFile's name for `write`. */
  append(bytes: Uint8Array): void {
    this.write(bytes);
  }

  /**
   * Writes the pending bytes and fdatasyncs: every write made before the call is durable when
   * the promise resolves (or `done` is called). Rejects with FileStoppedError after `tear`.
   * With `done`, the returned promise never rejects: the error goes to `done`.
   */
  sync(done?: SyncCallback): Promise<void> {
    const synced = this.enqueue(async () => {
      const startedMs = performance.now();
      const latencyMs = this.syncLatency?.() ?? 0;
      await this.writePending(this.pendingSize);
      const reachedSize = this.osSize;
      if (this.syncedSize < reachedSize) {
        await this.stopOnFailure("fdatasync", () => fdatasync(this.fd));
      }
      await waitUntil(startedMs + latencyMs);
      this.syncedSize = Math.min(reachedSize, this.osSize);
    });
    if (done === undefined) return synced;
    return synced.then(
      () => done(null),
      (error: Error) => done(error),
    );
  }

  /** Hands the pending bytes to the OS without fsync: they now survive a process kill. */
  flushToOs(): Promise<void> {
    return this.enqueue(() => this.writePending(this.pendingSize));
  }

  /**
   * A torn write: hands only the first `byteCount` pending bytes to the OS (no fsync), discards
   * the rest, and stops the file — later writes are dropped and syncs reject, so nothing can be
   * acknowledged as durable before the harness kills the process. Resolves with the bytes written.
   */
  tear(byteCount: number): Promise<{ writtenBytes: number; discardedBytes: number }> {
    if (!Number.isInteger(byteCount) || byteCount < 0) {
      throw new Error(`tear needs a non-negative integer byte count, got ${byteCount}`);
    }
    return this.enqueue(async () => {
      const pendingBefore = this.pendingSize;
      const writtenBytes = Math.min(byteCount, pendingBefore);
      await this.writePending(writtenBytes);
      this.dropPending();
      this.stopReason = `torn after ${writtenBytes} of ${pendingBefore} unsynced bytes`;
      return { writtenBytes, discardedBytes: pendingBefore - writtenBytes };
    });
  }

  /** The file's bytes as a restart would find them, plus the pending ones (LogFile.read). */
  read(): Uint8Array {
    const onOs = fs.readFileSync(this.path);
    if (onOs.length !== this.osSize) {
      throw new Error(`${this.path}: ${onOs.length} bytes on disk, expected ${this.osSize}`);
    }
    const all = Buffer.concat([onOs, ...this.pending]);
    // A plain Uint8Array, so what is decoded from it (entry data) is plain too, as in sim mode.
    return new Uint8Array(all.buffer, all.byteOffset, all.length);
  }

  /**
   * Cuts the file to `length` bytes durably (recovery removing a torn tail). Only at rest: with
   * nothing pending, since truncating below a pending write would leave a hole.
   */
  truncate(length: number): void {
    if (this.pendingSize > 0)
      throw new Error(`${this.path}: truncate with unsynced writes pending`);
    if (!Number.isInteger(length) || length < 0 || length > this.osSize) {
      throw new Error(`${this.path}: cannot truncate ${this.osSize} bytes to ${length}`);
    }
    fs.ftruncateSync(this.fd, length);
    fs.fsyncSync(this.fd);
    this.osSize = length;
    this.syncedSize = Math.min(this.syncedSize, length);
  }

  /**
   * Fdatasyncs what the OS holds, synchronously: only at rest, while opening (recovery keeps
   * whole records written before a crash but never fsynced, and makes them durable first).
   */
  syncNow(): void {
    if (this.pendingSize > 0) throw new Error(`${this.path}: syncNow with unsynced writes pending`);
    fs.fdatasyncSync(this.fd);
    this.syncedSize = this.osSize;
  }

  /** Waits for queued I/O, then closes the descriptor. Pending bytes are NOT written. */
  async close(): Promise<void> {
    await this.chain.catch(() => {});
    if (this.stopReason === "closed") return;
    this.stopReason = "closed";
    this.dropPending();
    fs.closeSync(this.fd);
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(() => {
      if (this.stopReason !== null) throw new FileStoppedError(this.path, this.stopReason);
      return operation();
    });
    this.chain = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  /** Writes the first `byteCount` pending bytes at the OS end of the file. */
  private async writePending(byteCount: number): Promise<void> {
    if (byteCount === 0) return;
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const head = all.subarray(0, byteCount);
    const rest = all.subarray(byteCount);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingSize = rest.length;
    await this.stopOnFailure("write", () => writeAll(this.fd, head, this.osSize));
    this.osSize += head.length;
  }

  /**
   * A failed write or fsync leaves the file in an unknown state (after a failed fsync even the
   * page cache may have dropped the dirty pages), so the file stops: the node must not go on.
   */
  private async stopOnFailure(what: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.stopReason = `${what} failed: ${(error as Error).message}`;
      this.dropPending();
      throw error;
    }
  }

  private dropPending(): void {
    this.pending = [];
    this.pendingSize = 0;
  }
}

/**
 * Resolves once `performance.now()` reaches `atMs` (at once when it has). A timer may fire a
 * fraction of a millisecond before the clock gets there, so it waits again until it has.
 */
async function waitUntil(atMs: number): Promise<void> {
  for (let remainingMs = atMs - performance.now(); remainingMs > 0; ) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(remainingMs)));
    remainingMs = atMs - performance.now();
  }
}

/** The file stopped (torn or closed): no write can become durable any more. */
export class FileStoppedError extends Error {
  override name = "FileStoppedError";
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: no further writes reach the file: ${reason}`);
  }
}
