import { describe, expect, it } from "vitest";
import { ByteArena } from "./byte-arena.js";
import { ByteWriter } from "./byte-writer.js";

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

describe("ByteWriter in an arena", () => {
  function encode(writer: ByteWriter, count: number): Uint8Array {
    for (let position = 0; position < count; position++) {
      writer.varint(position * 997);
      writer.string(`value-${position}`);
    }
    return writer.finish();
  }

  it("writes in place what a writer of its own writes, across many chunks", () => {
    const arena = new ByteArena();
    const written: { inArena: Uint8Array; count: number }[] = [];
    for (let value = 0; value < 10_000; value++) {
      const count = (value % 9) + 1;
      written.push({ inArena: encode(new ByteWriter(arena), count), count });
    }
    for (const { inArena, count } of written) {
      expect([...inArena]).toEqual([...encode(new ByteWriter(), count)]);
    }
  });

  it("moves a value too long for the arena to a buffer of its own", () => {
    const arena = new ByteArena();
    const bytes = encode(new ByteWriter(arena), 500);
    expect([...bytes]).toEqual([...encode(new ByteWriter(), 500)]);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBeGreaterThanOrEqual(bytes.length);
    const next = new ByteWriter(arena);
    next.byte(7);
    expect([...next.finish()]).toEqual([7]);
  });

  it("writes value after value with one writer restarted for each, an abandoned one too", () => {
    const arena = new ByteArena();
    const writer = new ByteWriter(arena);
    const written: { inArena: Uint8Array; count: number }[] = [];
    for (let value = 0; value < 10_000; value++) {
      const count = (value % 9) + 1;
      if (value % 100 === 0) writer.restart().string("abandoned");
      written.push({ inArena: encode(writer.restart(), count), count });
    }
    for (const { inArena, count } of written) {
      expect([...inArena]).toEqual([...encode(new ByteWriter(), count)]);
    }
  });

  it("refuses two writers at once in one arena", () => {
    const arena = new ByteArena();
    const outer = new ByteWriter(arena);
    outer.byte(1);
    const inner = new ByteWriter(arena);
    inner.byte(2);
    inner.finish();
    expect(() => outer.finish()).toThrow(/two encodings/);
  });

  it("starts afresh after a writer that never finished", () => {
    const arena = new ByteArena();
    new ByteWriter(arena).byte(9);
    const writer = new ByteWriter(arena);
    writer.byte(4);
    expect([...writer.finish()]).toEqual([4]);
  });
});
