import { describe, expect, it } from "vitest";
import { PackedEntries } from "./packed-entries.js";

describe("PackedEntries", () => {
  it("gives back each entry's term and payload, across chunks and table growth, for terms of any safe size", () => {
    const packed = new PackedEntries();
    const terms = [1, 2, 2 ** 30 - 1, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER];
    const payloads: Uint8Array[] = [];
    for (let index = 1; index <= 2000; index++) {
      const data = new Uint8Array((index * 7) % 300).fill(index % 256);
      payloads.push(data);
      const term = terms[Math.min(terms.length - 1, Math.floor(index / 300))] as number;
      packed.push({ index, term, data });
    }
    expect(packed.count).toBe(2000);
    for (let index = 1; index <= 2000; index++) {
      const term = terms[Math.min(terms.length - 1, Math.floor(index / 300))];
      expect(packed.termAt(index)).toBe(term);
      expect(packed.entryAt(index)).toEqual({ index, term, data: payloads[index - 1] });
      expect(packed.dataLength(index)).toBe(payloads[index - 1]?.length);
    }
  });

  it("keeps payloads apart across chunk ends, and one longer than a chunk whole", () => {
    const packed = new PackedEntries();
    const lengths = [40_000, 30_000, 0, 70_000, 1, 65_536, 65_535, 2];
    const payloads = lengths.map((length, position) =>
      Uint8Array.from({ length }, (_, offset) => (offset * 31 + position) % 251),
    );
    for (const [position, data] of payloads.entries()) {
      packed.push({ index: position + 1, term: 3, data });
    }
    payloads.forEach((data, position) => {
      const entry = packed.entryAt(position + 1);
      expect(entry.data).toEqual(data);
      expect(packed.dataLength(position + 1)).toBe(data.length);
    });
  });

  it("refuses an entry out of order", () => {
    const packed = new PackedEntries();
    packed.push({ index: 1, term: 1, data: new Uint8Array() });
    expect(() => packed.push({ index: 3, term: 1, data: new Uint8Array() })).toThrow(
      /packing entry 3 after entry 1/,
    );
  });
});
