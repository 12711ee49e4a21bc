import { describe, expect, it } from "vitest";
import { transientCopy } from "./byte-arena.js";

function filled(length: number, value: number): Uint8Array {
  return new Uint8Array(length).fill(value);
}

describe("transientCopy", () => {
  it("copies exactly the first `length` bytes", () => {
    const source = Uint8Array.from([1, 2, 3, 4, 5]);
    expect([...transientCopy(source, 3)]).toEqual([1, 2, 3]);
  });

  it("keeps every copy intact while thousands more are made, across chunks", () => {
    const held: { copy: Uint8Array; value: number; length: number }[] = [];
    for (let count = 0; count < 5000; count++) {
      const length = (count % 120) + 1;
      const value = count % 251;
      held.push({ copy: transientCopy(filled(length, value), length), value, length });
    }
    for (const { copy, value, length } of held) {
      expect(copy.length).toBe(length);
      expect(copy.every((byte) => byte === value)).toBe(true);
    }
  });

  it("is independent of its source: writing to the source later changes nothing", () => {
    const source = filled(40, 7);
    const copy = transientCopy(source, 40);
    source.fill(9);
    expect(copy.every((byte) => byte === 7)).toBe(true);
  });

  it("gives a long value a buffer of its own", () => {
    const copy = transientCopy(filled(4096, 3), 4096);
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(4096);
  });

  it("shares a chunk between short values", () => {
    let first = transientCopy(filled(10, 1), 10);
    let second = transientCopy(filled(10, 2), 10);
    if (second.buffer !== first.buffer) {
      // The first one ended a chunk: the next two share the fresh one.
      first = second;
      second = transientCopy(filled(10, 2), 10);
    }
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + 10);
  });
});
