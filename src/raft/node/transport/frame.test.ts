import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeFrame, FrameError, FrameReader, frameHeaderBytes } from "./frame.js";

function cutAt(bytes: Buffer, cutPoints: number[]): Buffer[] {
  const sorted = [...new Set(cutPoints.map((point) => point % (bytes.length + 1)))].sort(
    (a, b) => a - b,
  );
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of sorted) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

describe("FrameReader", () => {
  it("returns exactly the encoded payloads, in order, however the stream is chunked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (payloads, cutPoints) => {
          const stream = Buffer.concat(payloads.map((payload) => encodeFrame(payload, 1000)));
          const reader = new FrameReader(1000);
          const received = cutAt(stream, cutPoints).flatMap((piece) => reader.push(piece));
          expect(received.map((payload) => Buffer.from(payload))).toEqual(
            payloads.map((payload) => Buffer.from(payload)),
          );
          expect(reader.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("holds a partial frame until the rest arrives", () => {
    const reader = new FrameReader();
    const frame = encodeFrame(Buffer.from("hello"));
    expect(reader.push(frame.subarray(0, 2))).toEqual([]);
    expect(reader.push(frame.subarray(2, 6))).toEqual([]);
    expect(reader.pendingBytes).toBe(6 - frameHeaderBytes);
    expect(
      reader.push(frame.subarray(6)).map((payload) => Buffer.from(payload).toString()),
    ).toEqual(["hello"]);
  });

  it("rejects a frame longer than the bound and stays broken afterwards", () => {
    const reader = new FrameReader(16);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(17, 0);
    expect(() => reader.push(header)).toThrow(FrameError);
    expect(() => reader.push(encodeFrame(Buffer.from("ok")))).toThrow(/exceeds the bound of 16/);
  });

  it("rejects an empty frame", () => {
    const reader = new FrameReader();
    expect(() => reader.push(Buffer.alloc(4))).toThrow(/empty frame/);
  });

  it("refuses to encode a payload that the reader would reject", () => {
    expect(() => encodeFrame(Buffer.alloc(17), 16)).toThrow(FrameError);
    expect(() => encodeFrame(Buffer.alloc(0))).toThrow(FrameError);
  });
});
