import type { ByteArena } from "./byte-arena.js";

const initialCapacityBytes = 64;
/** A buffer grown past this for one huge value is not kept as the shared scratch buffer. */
const maxScratchBytes = 1024 * 1024;
const twoTo32 = 2 ** 32;
const textEncoder = new TextEncoder();

/**
 * Encoding is synchronous and never nested, so every writer without an arena starts on one
 * shared scratch buffer (grown when a value needs more) and `finish` copies out exactly the bytes
 * written: one allocation per encoded value instead of two. A writer with an arena writes
 * straight into the arena's free space, and `finish` hands out a view of it: no copy at all.
 */
let scratch = new Uint8Array(initialCapacityBytes);

/**
 * Appends varints, length-prefixed strings and bytes to a growable buffer. Integers are unsigned
 * LEB128 up to Number.MAX_SAFE_INTEGER (at most 8 bytes), written with arithmetic rather than
 * bitwise operators above 2^31 so no precision is lost.
 */
export class ByteWriter {
  private buffer: Uint8Array = scratch;
  /** Where this value starts in `buffer`: 0 in a buffer of its own, the free space in a chunk. */
  private start = 0;
  /** Where the next byte goes in `buffer`. */
  private length = 0;
  /** Writing in the arena's chunk (not in a buffer of its own, as a value too long for it). */
  private inArena = false;

  constructor(private readonly arena: ByteArena | null = null) {
    this.restart();
  }

  /**
   * Starts a new value, forgetting whatever this writer wrote or was writing (a writer kept for
   * a hot path, such as one per message kind of encoder, rather than one object per value).
   */
  restart(): this {
    const { arena } = this;
    this.buffer = arena === null ? scratch : arena.freeChunk;
    this.start = arena === null ? 0 : arena.freeOffset;
    this.length = this.start;
    this.inArena = arena !== null;
    return this;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`cannot encode ${value}: not a non-negative safe integer`);
    }
    this.reserve(8);
    while (value >= 0x80) {
      const low = value < twoTo32 ? value & 0x7f : value % 0x80;
      this.buffer[this.length++] = low | 0x80;
      value = value < twoTo32 ? value >>> 7 : Math.floor(value / 0x80);
    }
    this.buffer[this.length++] = value;
  }

  boolean(value: boolean): void {
    this.byte(value ? 1 : 0);
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  string(value: string): void {
    if (isAscii(value)) {
      this.varint(value.length);
      this.reserve(value.length);
      for (let position = 0; position < value.length; position++) {
        this.buffer[this.length++] = value.charCodeAt(position);
      }
      return;
    }
    this.bytes(textEncoder.encode(value));
  }

  /** What was written: a view in the arena's chunk, or a copy sized exactly. */
  finish(): Uint8Array {
    if (this.inArena) return (this.arena as ByteArena).take(this.buffer, this.start, this.length);
    return this.buffer.slice(this.start, this.length);
  }

  private reserve(extraBytes: number): void {
    if (this.length + extraBytes > this.buffer.length) this.grow(extraBytes);
  }

  /** Moves what was written to the start of a larger buffer: a fresh chunk, or one of its own. */
  private grow(extraBytes: number): void {
    const written = this.length - this.start;
    const needed = written + extraBytes;
    const fresh = this.inArena
      ? (this.arena as ByteArena).moveToFreshChunk(this.buffer, this.start, written, needed)
      : null;
    if (fresh !== null) {
      this.buffer = fresh;
    } else {
      this.inArena = false;
      let capacity = Math.max(initialCapacityBytes, this.buffer.length * 2);
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(capacity);
      grown.set(this.buffer.subarray(this.start, this.length));
      this.buffer = grown;
      if (this.arena === null && capacity <= maxScratchBytes) scratch = grown;
    }
    this.start = 0;
    this.length = written;
  }
}

function isAscii(value: string): boolean {
  for (let position = 0; position < value.length; position++) {
    if (value.charCodeAt(position) >= 0x80) return false;
  }
  return true;
}
