import { copyBytes } from "../../raft/codec/index.js";
import type { Rng } from "../../raft/random/rng.js";
import type { LogFile } from "../../raft/storage/log-storage.js";
import type { SyncCallback } from "../../raft/storage/storage.js";
import type { DelayRange } from "./network.js";
import type { Scheduler } from "./scheduler.js";

/** The file's bytes live in chunks of this size. */
const chunkBytes = 64 * 1024;
/** Torn tails cut by recovery that a disk keeps, the latest ones. */
export const tornTailsMax = 3;

export interface SimDiskOptions {
  scheduler: Scheduler;
  rng: Rng;
  /** How long one sync takes, uniform in the range. */
  syncLatency: DelayRange;
  /**
   * Calls a sync's `done(null)` in the node's process: immediately when it is up, later when it is
   * paused (the disk finished, but the process cannot notice yet). Completions of a process that
   * crashed never run: the disk drops them itself (see `generation`).
   */
  deliverCompletion: (done: SyncCallback) => void;
}

export interface SimDiskStats {
  bytesWritten: number;
  syncs: number;
  /** Bytes lost by crashes with loseUnsynced or tornWrite. */
  bytesLost: number;
}

/** A sync in progress: it makes durable the first `target` bytes, unless a crash came first. */
interface PendingSync {
  readonly target: number;
  /** The disk's generation when it was issued: a crash or wipe since voids it. */
  readonly generation: number;
  readonly done: SyncCallback;
}

/**
 * One node's simulated disk, holding its log file. It knows how many bytes are synced: appends
 * land in a "page cache" that survives a process crash but not a `loseUnsynced` crash (a power
 * cut); a `tornWrite` crash keeps a seed-chosen prefix of the unsynced bytes, which usually ends
 * inside a record — exactly what log recovery must cut off. A sync takes simulated time and
 * makes durable what was written before it was issued.
 */
export class SimDisk implements LogFile {
  readonly stats: SimDiskStats = { bytesWritten: 0, syncs: 0, bytesLost: 0 };
  /**
   * The file's bytes in fixed-size chunks, filled in order: appends copy into them. (One buffer
   * grown by doubling copied the whole file at every doubling and zeroed ever larger buffers; a
   * list of the appended arrays kept one small array per record alive for the whole run, and
   * every one of them was copied by the garbage collector before it settled in the old generation.)
   */
  private chunks: Uint8Array[] = [];
  private length = 0;
  private syncedLength = 0;
  /** Bumped by every crash and wipe: completions issued before it are void. */
  private generation = 0;
  private readonly tornTails: Uint8Array[] = [];

  constructor(private readonly options: SimDiskOptions) {}

  get writtenBytes(): number {
    return this.length;
  }

  /**
   * Bytes a sync made durable. The disk knows it exactly and keeps it through crashes: the
   * record of what an fsync covered that log recovery takes as its evidence (LogFile).
   */
  get syncedBytes(): number {
    return this.syncedLength;
  }

  /** The latest torn tails log recovery cut off (at most `tornTailsMax`), oldest first. */
  get keptTornTails(): readonly Uint8Array[] {
    return this.tornTails;
  }

  keepTornTail(bytes: Uint8Array): void {
    this.tornTails.push(bytes.slice());
    if (this.tornTails.length > tornTailsMax) this.tornTails.shift();
  }

  /**
   * Damage from outside (a flipped bit, a file cut or extended by something other than a
   * crash): the disk now holds `bytes`, while its record of what was synced stays as it was.
   * For damage tests: recovery must refuse it or cut only what no sync covered.
   */
  replaceBytes(bytes: Uint8Array): void {
    this.chunks = [];
    this.length = 0;
    const synced = this.syncedLength;
    this.append(bytes);
    this.stats.bytesWritten -= bytes.length;
    this.syncedLength = synced;
  }

  read(): Uint8Array {
    const bytes = new Uint8Array(this.length);
    for (let offset = 0; offset < this.length; offset += chunkBytes) {
      const chunk = this.chunks[offset / chunkBytes] as Uint8Array;
      bytes.set(chunk.subarray(0, Math.min(chunkBytes, this.length - offset)), offset);
    }
    return bytes;
  }

  append(bytes: Uint8Array): void {
    let copied = 0;
    while (copied < bytes.length) {
      const inChunk = this.length % chunkBytes;
      const chunkIndex = (this.length - inChunk) / chunkBytes;
      if (chunkIndex === this.chunks.length) this.chunks.push(new Uint8Array(chunkBytes));
      const count = Math.min(chunkBytes - inChunk, bytes.length - copied);
      // Nearly every record is short: copyBytes goes byte by byte then, skipping set()'s checks.
      copyBytes(this.chunks[chunkIndex] as Uint8Array, inChunk, bytes, copied, copied + count);
      copied += count;
      this.length += count;
    }
    this.stats.bytesWritten += bytes.length;
  }

  /** Cuts the file durably: the recovery that calls it syncs the cut at once (a simplification). */
  truncate(length: number): void {
    if (length > this.length)
      throw new RangeError(`cannot truncate ${this.length} bytes to ${length}`);
    if (length < this.syncedLength) {
      throw new RangeError(`cannot truncate to ${length} bytes: ${this.syncedLength} are synced`);
    }
    this.length = length;
    this.chunks.length = Math.ceil(length / chunkBytes);
  }

  sync(done: SyncCallback): void {
    const { scheduler, rng, syncLatency } = this.options;
    this.stats.syncs++;
    const latencyNs = Math.round(rng.between(syncLatency.minMs, syncLatency.maxMs) * 1e6);
    const sync: PendingSync = { target: this.length, generation: this.generation, done };
    scheduler.at(scheduler.nowNs + latencyNs, this.syncEnds, sync);
  }

  /** Bound once, with the sync as the event's argument: a node syncs after nearly every append. */
  private readonly syncEnds = (sync: PendingSync): void => {
    if (sync.generation !== this.generation) return;
    this.syncedLength = Math.max(this.syncedLength, Math.min(sync.target, this.length));
    this.options.deliverCompletion(sync.done);
  };

  /**
   * The process died. Written bytes survive a plain crash (the OS still holds them); with
   * `loseUnsynced` only synced bytes survive; with `tornWrite` a seed-chosen prefix of the
   * unsynced bytes survives as well. Pending sync completions are void either way.
   */
  crash(options: { loseUnsynced: boolean; tornWrite: boolean }): void {
    this.generation++;
    if (!options.loseUnsynced && !options.tornWrite) return;
    const unsynced = this.length - this.syncedLength;
    const kept = options.tornWrite ? this.options.rng.int(0, unsynced + 1) : 0;
    const newLength = this.syncedLength + kept;
    this.stats.bytesLost += this.length - newLength;
    this.truncate(newLength);
    // A torn write's surviving prefix stays unsynced: recovery may cut it, and only it.
  }

  /** Erases everything. */
  wipe(): void {
    this.generation++;
    this.chunks = [];
    this.length = 0;
    this.syncedLength = 0;
    this.tornTails.length = 0;
  }
}
