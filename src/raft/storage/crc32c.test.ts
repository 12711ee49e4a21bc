import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c.js";

const ascii = (text: string) => new TextEncoder().encode(text);

describe("crc32c", () => {
  it("gives the standard check value 0xE3069283 for '123456789'", () => {
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
  });
  it("gives 0 for no bytes", () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
  it("matches the RFC 3720 vector of 32 zero bytes (0x8A9136AA)", () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
  it("matches the RFC 3720 vector of 32 bytes 0xFF (0x62A8AB43)", () => {
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });
  it("checksums only the given range", () => {
    const bytes = ascii("xx123456789yy");
    expect(crc32c(bytes, 2, 11)).toBe(0xe3069283);
  });
  it("changes when any single bit flips", () => {
    const bytes = ascii("the quick brown fox");
    const original = crc32c(bytes);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = bytes.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(crc32c(flipped)).not.toBe(original);
    }
  });
  it("agrees with a plain bitwise CRC-32C at every length and alignment up to 100 bytes", () => {
    const bitwise = (bytes: Uint8Array, start: number, end: number): number => {
      let crc = 0xffffffff;
      for (let offset = start; offset < end; offset++) {
        crc ^= bytes[offset] as number;
        for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    const bytes = new Uint8Array(110).map((_, position) => (position * 167 + 13) & 0xff);
    for (let start = 0; start < 5; start++) {
      for (let length = 0; length <= 100; length++) {
        expect(crc32c(bytes, start, start + length)).toBe(bitwise(bytes, start, start + length));
      }
    }
  });
});
