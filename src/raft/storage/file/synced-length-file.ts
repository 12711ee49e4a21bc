import fs from "node:fs";
import { crc32c } from "../crc32c.js";
import { LogCorruptionError } from "../recovery-errors.js";
import { fdatasync, writeAll } from "./fs-calls.js";
import { writeFileSyncedNow } from "./write-synced.js";

/** The name of the synced-length record beside `wal.log` in a data directory. */
export const syncedLengthFileName = "wal.synced";

/**
 * How many bytes of the write-ahead log an fsync has covered, kept durably beside it: the
 * evidence recovery uses to tell a torn tail from damage (docs/storage.md).
 *
 * The file holds two slots, 512 bytes apart (in different sectors), each
 *   u32 LE magic, u32 LE format version, u53 sequence, u53 synced bytes, u32 LE CRC-32C of the 24
 *   bytes before it (a u53 is two u32 LE words, high then low, as in the log).
 * Each save writes the slot the last one did not, with the next sequence, and fdatasyncs it
 * after the WAL's own fdatasync: so a slot never claims more than the WAL holds durably, and a
 * save torn by a power cut leaves the other slot, an older (smaller, still true) length.
 */
export class SyncedLengthFile {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private latest: SyncedLength,
  ) {}

  /** The length last recorded in the file at `path`; null when there is no file. Changes nothing. */
  static read(path: string): SyncedLength | null {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    let best: SyncedLength | null = null;
    for (const slotOffset of slotOffsets) {
      const slot = decodeSlot(bytes, slotOffset);
      if (slot !== null && (best === null || slot.sequence > best.sequence)) best = slot;
    }
    if (best === null) {
      throw new LogCorruptionError(path, 0, "neither slot of the synced-length record is valid");
    }
    return best;
  }

  /** Creates the file durably, recording 0 synced bytes (a new data directory). */
  static create(path: string): void {
    const temporaryPath = `${path}.tmp`;
    const bytes = Buffer.alloc(fileBytes);
    bytes.set(encodeSlot({ sequence: 0, syncedBytes: 0 }), 0);
    writeFileSyncedNow(temporaryPath, bytes, "w");
    fs.renameSync(temporaryPath, path);
  }

  /** Opens the file for saving, continuing from `latest` (what `read` found). */
  static open(path: string, latest: SyncedLength): SyncedLengthFile {
    return new SyncedLengthFile(path, fs.openSync(path, "r+"), latest);
  }

  get syncedBytes(): number {
    return this.latest.syncedBytes;
  }

  /** Records `syncedBytes` durably; the WAL must already hold them durably. */
  async save(syncedBytes: number): Promise<void> {
    if (syncedBytes === this.latest.syncedBytes) return;
    const next = { sequence: this.latest.sequence + 1, syncedBytes };
    await writeAll(this.fd, encodeSlot(next), slotOffsetOf(next.sequence));
    await fdatasync(this.fd);
    this.latest = next;
  }

  /** As `save`, synchronously (while opening, before the node runs). */
  saveNow(syncedBytes: number): void {
    if (syncedBytes === this.latest.syncedBytes) return;
    const next = { sequence: this.latest.sequence + 1, syncedBytes };
    const slot = encodeSlot(next);
    fs.writeSync(this.fd, slot, 0, slot.length, slotOffsetOf(next.sequence));
    fs.fdatasyncSync(this.fd);
    this.latest = next;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

export interface SyncedLength {
  sequence: number;
  syncedBytes: number;
}

/**
 * The synced length recorded in a data directory, or null when it has none (never opened by
 * this format). For the harness's emulation of a machine crash, which cuts the WAL back to it.
 */
export function readSyncedLength(path: string): number | null {
  return SyncedLengthFile.read(path)?.syncedBytes ?? null;
}

const magic = 0x4e595357; // "WSYN" read as little-endian bytes
const formatVersion = 1;
const slotBytes = 28;
const slotOffsets = [0, 512] as const;
const fileBytes = 512 + slotBytes;

/** Whether byte `offset` of the file belongs to a slot (the rest is padding). */
export function isInSyncedLengthSlot(offset: number): boolean {
  return slotOffsets.some((slotOffset) => offset >= slotOffset && offset < slotOffset + slotBytes);
}

function slotOffsetOf(sequence: number): number {
  return slotOffsets[sequence % 2] as number;
}

function encodeSlot(value: SyncedLength): Uint8Array {
  const slot = Buffer.alloc(slotBytes);
  slot.writeUInt32LE(magic, 0);
  slot.writeUInt32LE(formatVersion, 4);
  writeUint53(slot, 8, value.sequence);
  writeUint53(slot, 16, value.syncedBytes);
  slot.writeUInt32LE(crc32c(slot, 0, 24), 24);
  return slot;
}

function decodeSlot(bytes: Buffer, offset: number): SyncedLength | null {
  if (bytes.length < offset + slotBytes) return null;
  const slot = bytes.subarray(offset, offset + slotBytes);
  if (slot.readUInt32LE(0) !== magic || slot.readUInt32LE(4) !== formatVersion) return null;
  if (crc32c(slot, 0, 24) !== slot.readUInt32LE(24)) return null;
  const sequence = readUint53(slot, 8);
  const syncedBytes = readUint53(slot, 16);
  if (sequence === null || syncedBytes === null) return null;
  return { sequence, syncedBytes };
}

function writeUint53(buffer: Buffer, offset: number, value: number): void {
  buffer.writeUInt32LE(Math.floor(value / 0x1_0000_0000), offset);
  buffer.writeUInt32LE(value >>> 0, offset + 4);
}

function readUint53(buffer: Buffer, offset: number): number | null {
  const high = buffer.readUInt32LE(offset);
  if (high > 0x1fffff) return null;
  return high * 0x1_0000_0000 + buffer.readUInt32LE(offset + 4);
}
