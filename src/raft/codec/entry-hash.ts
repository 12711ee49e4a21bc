import type { Entry } from "../core/types.js";

/*
 * FNV-1a, 64 bits, computed on two 32-bit halves: the prime 0x100000001b3 is 2^40 + 0x1b3, so
 * hash * prime = hash * 0x1b3 + (hash << 40). The low half's product with 0x1b3 stays below
 * 2^41 and is exact in a double; its carry goes to the high half.
 */
const offsetBasisHigh = 0xcbf29ce4;
const offsetBasisLow = 0x84222325;
const primeLow = 0x1b3;
const twoTo32 = 2 ** 32;

class Fnv1a64 {
  high = offsetBasisHigh;
  low = offsetBasisLow;

  byte(value: number): void {
    const low = (this.low ^ value) >>> 0;
    const product = low * primeLow;
    const carry = Math.floor(product / twoTo32);
    this.high = (Math.imul(this.high, primeLow) + carry + (low << 8)) >>> 0;
    this.low = product >>> 0;
  }

  /** A non-negative safe integer as 8 little-endian bytes. */
  integer(value: number): void {
    let rest = value;
    for (let count = 0; count < 8; count++) {
      this.byte(rest % 256);
      rest = Math.floor(rest / 256);
    }
  }

  hex(): string {
    return this.high.toString(16).padStart(8, "0") + this.low.toString(16).padStart(8, "0");
  }
}

/** FNV-1a 64 over term and index (8 bytes little-endian each) and the data; 16 hex digits. */
export function entryHash(entry: Entry): string {
  const hash = new Fnv1a64();
  hash.integer(entry.term);
  hash.integer(entry.index);
  for (const byte of entry.data) hash.byte(byte);
  return hash.hex();
}

/** FNV-1a 64 of raw bytes (exported so tests can check the hash against published vectors). */
export function fnv1a64Hex(bytes: Uint8Array): string {
  const hash = new Fnv1a64();
  for (const byte of bytes) hash.byte(byte);
  return hash.hex();
}
