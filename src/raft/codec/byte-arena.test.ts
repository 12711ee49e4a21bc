import { describe, expect, it } from "vitest";
import { ByteArena } from "./byte-arena.js";

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

describe("ByteArena", () => {
  it("copies exactly the bytes asked for", () => {
    const source = Uint8Array.from([1, 2, 3, 4, 5]);
    expect([...new ByteArena().copy(source, 1, 4)]).toEqual([2, 3, 4]);
  });

  it("keeps every copy intact while thousands more are made, across chunks", () => {
    const arena = new ByteArena();
    const held: { copy: Uint8Array; value: number; length: number }[] = [];
    for (let count = 0; count < 5000; count++) {
      const length = (count % 120) + 1;
      const value = count % 251;
      held.push({ copy: arena.copy(filled(length + 2, value), 1, length + 1), value, length });
    }
    for (const { copy, value, length } of held) {
      expect(copy.length).toBe(length);
      expect(copy.every((byte) => byte === value)).toBe(true);
    }
  });

  it("is independent of its source: writing to the source later changes nothing", () => {
    const source = filled(40, 7);
    const copy = new ByteArena().copy(source, 0, 40);
    source.fill(9);
    expect(copy.every((byte) => byte === 7)).toBe(true);
  });

  it("gives a long value a buffer of its own", () => {
    const copy = new ByteArena().copy(filled(4096, 3), 0, 4096);
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(4096);
  });

  it("puts short values one after another in one chunk", () => {
    const arena = new ByteArena();
    const first = arena.copy(filled(10, 1), 0, 10);
    const second = arena.copy(filled(10, 2), 0, 10);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + 10);
  });

  it("keeps arenas apart: copies in one never share a chunk with another's", () => {
    const one = new ByteArena().copy(filled(10, 1), 0, 10);
    const other = new ByteArena().copy(filled(10, 2), 0, 10);
    expect(other.buffer).not.toBe(one.buffer);
  });
});
