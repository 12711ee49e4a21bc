import { CodecError } from "./codec-error.js";

const maxVarintBytes = 8;
const maxAsciiFastPathBytes = 64;
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads what ByteWriter writes, strictly: every read checks the bytes remaining, a varint longer
 * than 8 bytes, above Number.MAX_SAFE_INTEGER or not minimally encoded is refused, and every
 * refusal is a CodecError with the offset. Reads only move forward, so decoding cannot loop.
 */
export class ByteReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  byte(what: string): number {
    if (this.offset >= this.bytes.length) throw this.error(`${what}: unexpected end of input`);
    return this.bytes[this.offset++]!;
  }

  varint(what: string): number {
    const start = this.offset;
    let value = 0;
    let scale = 1;
    for (let count = 0; count < maxVarintBytes; count++) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0 && count > 0) throw new CodecError(`${what}: varint not minimal`, start);
        if (!Number.isSafeInteger(value)) throw new CodecError(`${what}: integer too large`, start);
        return value;
      }
      scale *= 0x80;
    }
    throw new CodecError(`${what}: varint longer than ${maxVarintBytes} bytes`, start);
  }

  boolean(what: string): boolean {
    const start = this.offset;
    const byte = this.byte(what);
    if (byte > 1) throw new CodecError(`${what}: boolean byte ${byte} is neither 0 nor 1`, start);
    return byte === 1;
  }

  bytesField(what: string): Uint8Array {
    const length = this.varint(`${what} length`);
    this.requireAvailable(what, length);
    const start = this.offset;
    this.offset += length;
    return this.bytes.slice(start, start + length);
  }

  /**
   * Node ids and read contexts are short and ASCII: those are decoded byte by byte, which is far
   * cheaper than a TextDecoder call on a subarray; anything else goes through the strict decoder.
   */
  string(what: string): string {
    const length = this.varint(`${what} length`);
    this.requireAvailable(what, length);
    const start = this.offset;
    const end = start + length;
    this.offset = end;
    if (length <= maxAsciiFastPathBytes) {
      let text = "";
      let position = start;
      for (; position < end; position++) {
        const byte = this.bytes[position]!;
        if (byte >= 0x80) break;
        text += String.fromCharCode(byte);
      }
      if (position === end) return text;
    }
    try {
      return utf8Decoder.decode(this.bytes.subarray(start, end));
    } catch {
      throw new CodecError(`${what}: invalid UTF-8`, start);
    }
  }

  /** Throws unless every byte was consumed. */
  end(what: string): void {
    if (this.offset !== this.bytes.length) {
      throw this.error(`${what}: ${this.bytes.length - this.offset} trailing bytes`);
    }
  }

  error(message: string): CodecError {
    return new CodecError(message, this.offset);
  }

  private requireAvailable(what: string, length: number): void {
    if (length > this.bytes.length - this.offset) {
      throw this.error(
        `${what}: length ${length} exceeds the ${this.bytes.length - this.offset} bytes left`,
      );
    }
  }
}
