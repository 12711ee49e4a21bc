import type { ByteArena } from "./byte-arena.js";

const initialCapacityBytes = 64;
/** A buffer grown past this for one huge value is not kept as the shared scratch buffer. */
const maxScratchBytes = 1024 * 1024;
const twoTo32 = 2 ** 32;
const textEncoder = new TextEncoder();

/**
 * Encoding is synchronous and never nested, so every writer starts on one shared scratch buffer
 * (grown when a message needs more) and `finish` copies out exactly the bytes written: one
 * allocation per encoded value instead of two.
 */
let scratch = new Uint8Array(initialCapacityBytes);

/**
 * Appends varints, length-prefixed strings and bytes to a growable buffer. Integers are unsigned
 * LEB128 up to Number.MAX_SAFE_INTEGER (at most 8 bytes), written with arithmetic rather than
 * bitwise operators above 2^31 so no precision is lost.
 */
export class ByteWriter {
  private buffer = scratch;
  private length = 0;

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

  /** A copy of what was written, sized exactly. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** As `finish`, the copy made in `arena` (see byte-arena.ts). */
  finishIn(arena: ByteArena): Uint8Array {
    return arena.copy(this.buffer, 0, this.length);
  }

  private reserve(extraBytes: number): void {
    const needed = this.length + extraBytes;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    if (capacity <= maxScratchBytes) scratch = grown;
  }
}

function isAscii(value: string): boolean {
  for (let position = 0; position < value.length; position++) {
    if (value.charCodeAt(position) >= 0x80) return false;
  }
  return true;
}
