import { asciiText, internedAscii, internedBytesMax } from "./ascii-text.js";
import { entryBytes } from "./byte-arena.js";
import { CodecError } from "./codec-error.js";
import { decodedNodeId } from "./node-ids.js";

const maxVarintBytes = 8;
/** A varint this short holds at most 28 bits: it is read with integer operations. */
const smallVarintBytesMax = 4;
const maxAsciiFastPathBytes = 64;
const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
/**
 * Reads what ByteWriter writes, strictly: every read checks the bytes remaining, a varint longer
 * than 8 bytes, above Number.MAX_SAFE_INTEGER or not minimally encoded is refused, and every
 * refusal is a CodecError with the offset. Reads only move forward, so decoding cannot loop.
 */
export class ByteReader {
  private offset = 0;

  constructor(private bytes: Uint8Array) {}

  /** Starts reading `bytes` from their start (a reader kept for a hot path, not one per value). */
  restart(bytes: Uint8Array): this {
    this.bytes = bytes;
    this.offset = 0;
    return this;
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** `suffix` completes the field's name in an error (kept apart: joined only when one is thrown). */
  byte(what: string, suffix = ""): number {
    if (this.offset >= this.bytes.length) {
      throw this.error(`${what}${suffix}: unexpected end of input`);
    }
    return this.bytes[this.offset++]!;
  }

  /**
   * Values below 2^28 (up to four bytes: every index, term and length in practice) are assembled
   * with integer operations, so they come out as small integers. Assembled with floating-point
   * arithmetic they came out as heap numbers once optimized, and a heap number stored where the
   * core stores small integers (an entry's term, a message's index) turned those fields into
   * boxed doubles for every such object in the process: decoding and every use of them got
   * several times slower.
   */
  varint(what: string, suffix = ""): number {
    const start = this.offset;
    let value = 0;
    for (let count = 0; count < smallVarintBytesMax; count++) {
      const byte = this.byte(what, suffix);
      value |= (byte & 0x7f) << (7 * count);
      if ((byte & 0x80) === 0) {
        if (byte === 0 && count > 0) {
          throw new CodecError(`${what}${suffix}: varint not minimal`, start);
        }
        return value;
      }
    }
    return this.largeVarint(`${what}${suffix}`, start, value);
  }

  /** The rest of a varint of five to eight bytes, above 2^28, in safe floating-point arithmetic. */
  private largeVarint(what: string, start: number, low: number): number {
    let value = low;
    let scale = 2 ** (7 * smallVarintBytesMax);
    for (let count = smallVarintBytesMax; count < maxVarintBytes; count++) {
      const byte = this.byte(what);
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0) throw new CodecError(`${what}: varint not minimal`, start);
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

  /** Length-prefixed bytes: an entry's payload, copied into the arena of entry payloads. */
  bytesField(what: string): Uint8Array {
    const start = this.lengthPrefixed(what);
    return entryBytes.copy(this.bytes, start, this.offset);
  }

  /**
   * Node ids and read contexts are short and ASCII: those are decoded byte by byte, which is far
   * cheaper than a TextDecoder call on a subarray; anything else goes through the strict decoder.
   */
  string(what: string): string {
    const start = this.lengthPrefixed(what);
    const end = this.offset;
    if (end - start <= internedBytesMax) {
      const interned = internedAscii(this.bytes, start, end);
      if (interned !== null) return interned;
    }
    return this.text(what, start, end);
  }

  /** A string naming a node: a registered name comes back as the very object registered. */
  nodeId(what: string): string {
    const start = this.lengthPrefixed(what);
    return decodedNodeId(this.bytes, start, this.offset) ?? this.text(what, start, this.offset);
  }

  /** Reads a length, then steps over that many bytes (all there); returns where they start. */
  private lengthPrefixed(what: string): number {
    const length = this.varint(what, " length");
    this.requireAvailable(what, length);
    const start = this.offset;
    this.offset += length;
    return start;
  }

  private text(what: string, start: number, end: number): string {
    const length = end - start;
    if (length <= maxAsciiFastPathBytes) {
      const text = asciiText(this.bytes, start, end);
      if (text !== null) return text;
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
