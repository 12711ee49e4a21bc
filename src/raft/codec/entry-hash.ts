import type { Entry } from "../core/types.js";

/*
 * FNV-1a, 64 bits, on four 16-bit limbs held in small integers. The prime 0x100000001b3 has the
 * limbs 0x1b3 (bits 0-15) and 0x100 (bits 32-47), so each step is a handful of integer
 * multiplications whose partial sums stay below 2^27: no floating point and no boxed numbers
 * (hashing every appended and applied entry is most of what the event stream costs).
 */
const primeLimb0 = 0x1b3;
const primeLimb2 = 0x100;

interface Limbs {
  l0: number;
  l1: number;
  l2: number;
  l3: number;
}

function offsetBasis(): Limbs {
  // 0xcbf29ce484222325
  return { l0: 0x2325, l1: 0x8422, l2: 0x9ce4, l3: 0xcbf2 };
}

function fnvBytes(hash: Limbs, bytes: ArrayLike<number>, length: number): void {
  let l0 = hash.l0;
  let l1 = hash.l1;
  let l2 = hash.l2;
  let l3 = hash.l3;
  for (let position = 0; position < length; position++) {
    l0 ^= bytes[position] as number;
    const r0 = l0 * primeLimb0;
    const r1 = l1 * primeLimb0 + (r0 >>> 16);
    const r2 = l2 * primeLimb0 + l0 * primeLimb2 + (r1 >>> 16);
    const r3 = l3 * primeLimb0 + l1 * primeLimb2 + (r2 >>> 16);
    l0 = r0 & 0xffff;
    l1 = r1 & 0xffff;
    l2 = r2 & 0xffff;
    l3 = r3 & 0xffff;
  }
  hash.l0 = l0;
  hash.l1 = l1;
  hash.l2 = l2;
  hash.l3 = l3;
}

/** A non-negative safe integer as 8 little-endian bytes. */
function integerBytes(value: number, into: number[]): void {
  let rest = value;
  for (let count = 0; count < 8; count++) {
    into[count] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

function hex(hash: Limbs): string {
  return limbHex(hash.l3) + limbHex(hash.l2) + limbHex(hash.l1) + limbHex(hash.l0);
}

function limbHex(limb: number): string {
  return limb.toString(16).padStart(4, "0");
}

/** FNV-1a 64 over term and index (8 bytes little-endian each) and the data; 16 hex digits. */
export function entryHash(entry: Entry): string {
  const hash = offsetBasis();
  const integer: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  integerBytes(entry.term, integer);
  fnvBytes(hash, integer, 8);
  integerBytes(entry.index, integer);
  fnvBytes(hash, integer, 8);
  fnvBytes(hash, entry.data, entry.data.length);
  return hex(hash);
}

/** FNV-1a 64 of raw bytes (exported so tests can check the hash against published vectors). */
export function fnv1a64Hex(bytes: Uint8Array): string {
  const hash = offsetBasis();
  fnvBytes(hash, bytes, bytes.length);
  return hex(hash);
}
