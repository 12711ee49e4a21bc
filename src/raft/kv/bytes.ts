import { asciiText, internedAscii, internedBytesMax } from "../codec/ascii-text.js";
import type { ByteArena } from "../codec/byte-arena.js";
import { KvCodecError } from "./errors.js";

/**
 * The small binary vocabulary of the kv command and client frames: tag bytes, unsigned varints
 * (LEB128, at most a safe integer) and length-prefixed UTF-8 strings. Decoding is strict: a
 * truncated, overlong or non-UTF-8 field throws `KvCodecError` with the byte offset.
 */

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** 8 groups of 7 bits cover 2^56 > Number.MAX_SAFE_INTEGER; a longer varint is garbage. */
const VARINT_BYTES_MAX = 8;
/** A varint this short holds at most 28 bits: it is read with integer operations. */
const SMALL_VARINT_BYTES_MAX = 4;
/** Strings up to this length take the byte-by-byte ASCII path when they are ASCII. */
const asciiFastPathBytesMax = 64;

/** A scratch buffer grown past this for one huge value is not kept for the next writer. */
const scratchBytesMax = 1024 * 1024;
/**
 * Encoding is synchronous and never nested, so every writer starts on one shared scratch buffer
 * and `finish` copies out exactly the bytes written: one allocation per encoded frame or command
 * (every client call makes two frames, every write a command) instead of two.
 */
let scratch = new Uint8Array(256);

export class ByteWriter {
  private buffer = scratch;
  private length = 0;

  byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }

  unsigned(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`varint must be a non-negative safe integer, got ${value}`);
    }
    this.reserve(VARINT_BYTES_MAX);
    let rest = value;
    while (rest >= 0x80) {
      this.buffer[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buffer[this.length++] = rest;
    return this;
  }

  /**
   * Keys, values and client ids are short ASCII in practice: those are copied byte by byte, far
   * cheaper than a TextEncoder call and its fresh array; anything else goes through the encoder.
   */
  string(value: string): this {
    if (value.length <= asciiFastPathBytesMax && isAscii(value)) {
      this.unsigned(value.length);
      this.reserve(value.length);
      for (let position = 0; position < value.length; position++) {
        this.buffer[this.length++] = value.charCodeAt(position);
      }
      return this;
    }
    const bytes = textEncoder.encode(value);
    this.unsigned(bytes.length);
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** Absent is one 0 byte; present is a 1 byte and the string. */
  optionalString(value: string | null | undefined): this {
    if (value === null || value === undefined) return this.byte(0);
    return this.byte(1).string(value);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** As `finish`, the copy made in `arena` (see the codec's byte-arena.ts). */
  finishIn(arena: ByteArena): Uint8Array {
    return arena.copy(this.buffer, 0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + bytes));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    if (grown.length <= scratchBytesMax) scratch = grown;
  }
}

export class ByteReader {
  private offset = 0;

  constructor(
    private bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** Starts reading `bytes` from their start: one reader kept per kind of value, not one per value. */
  restart(bytes: Uint8Array): this {
    this.bytes = bytes;
    this.offset = 0;
    return this;
  }

  fail(problem: string, offset = this.offset): never {
    throw new KvCodecError(this.what, offset, problem);
  }

  byte(): number {
    if (this.offset >= this.bytes.length) this.fail("unexpected end of input");
    return this.bytes[this.offset++]!;
  }

  /** Small values with integer operations (see the raft codec's ByteReader.varint for why). */
  unsigned(): number {
    const start = this.offset;
    let value = 0;
    for (let count = 0; count < SMALL_VARINT_BYTES_MAX; count++) {
      const byte = this.byte();
      value |= (byte & 0x7f) << (7 * count);
      if ((byte & 0x80) === 0) {
        if (count > 0 && byte === 0) this.fail("varint has a redundant trailing zero", start);
        return value;
      }
    }
    let scale = 2 ** (7 * SMALL_VARINT_BYTES_MAX);
    for (let count = SMALL_VARINT_BYTES_MAX; count < VARINT_BYTES_MAX; count++) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0) this.fail("varint has a redundant trailing zero", start);
        if (!Number.isSafeInteger(value)) this.fail("varint exceeds a safe integer", start);
        return value;
      }
      scale *= 0x80;
    }
    return this.fail(`varint longer than ${VARINT_BYTES_MAX} bytes`, start);
  }

  string(): string {
    const start = this.offset;
    const length = this.unsigned();
    if (length > this.bytes.length - this.offset) {
      this.fail(`string of ${length} bytes runs past the end`, start);
    }
    const end = this.offset + length;
    if (length <= asciiFastPathBytesMax) {
      const text = asciiText(this.bytes, this.offset, end);
      if (text !== null) {
        this.offset = end;
        return text;
      }
    }
    const slice = this.bytes.subarray(this.offset, end);
    this.offset = end;
    try {
      return textDecoder.decode(slice);
    } catch {
      return this.fail("string is not valid UTF-8", start);
    }
  }

  /**
   * A string that names something — a key, a client id — and is looked up in maps: a short one
   * comes from the codec's intern cache, the same string object each time (see `internedAscii`).
   */
  name(): string {
    const start = this.offset;
    const length = this.unsigned();
    const end = this.offset + length;
    if (length <= internedBytesMax && end <= this.bytes.length) {
      const interned = internedAscii(this.bytes, this.offset, end);
      if (interned !== null) {
        this.offset = end;
        return interned;
      }
    }
    this.offset = start;
    return this.string();
  }

  optionalString(): string | null {
    const start = this.offset;
    const flag = this.byte();
    if (flag === 0) return null;
    if (flag === 1) return this.string();
    return this.fail(`presence flag must be 0 or 1, got ${flag}`, start);
  }

  /** Asserts every byte was consumed: trailing bytes mean the frame is not what it claims. */
  end(): void {
    if (this.offset !== this.bytes.length) {
      this.fail(`${this.bytes.length - this.offset} trailing bytes`);
    }
  }
}

function isAscii(value: string): boolean {
  for (let position = 0; position < value.length; position++) {
    if (value.charCodeAt(position) >= 0x80) return false;
  }
  return true;
}
