import { describe, expect, it } from "vitest";
import { crc32c } from "./crc32c.js";
import {
  decodeRecordBody,
  encodeRecords,
  type LogRecord,
  RecordFormatError,
  recordHeaderBytes,
} from "./log-records.js";

const records: LogRecord[] = [
  { kind: "hard-state", hardState: { term: 7, vote: "n2", commit: 3 } },
  { kind: "hard-state", hardState: { term: 2 ** 40, vote: null, commit: 0 } },
  { kind: "entry", entry: { index: 1, term: 1, data: new Uint8Array([]) } },
  { kind: "entry", entry: { index: 2 ** 53 - 1, term: 9, data: new Uint8Array([1, 2, 3]) } },
  { kind: "truncate", fromIndex: 5 },
];

function splitRecords(bytes: Uint8Array): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    const length = view.getUint32(offset, true);
    const body = bytes.subarray(offset + recordHeaderBytes, offset + recordHeaderBytes + length);
    expect(view.getUint32(offset + 4, true)).toBe(crc32c(body));
    bodies.push(body);
    offset += recordHeaderBytes + length;
  }
  return bodies;
}

describe("log records", () => {
  it("decode to exactly what was encoded, each with a length and a valid CRC-32C", () => {
    const bodies = splitRecords(encodeRecords(records));
    expect(bodies.map(decodeRecordBody)).toEqual(records);
  });
  it("refuse to encode a negative or fractional integer", () => {
    expect(() => encodeRecords([{ kind: "truncate", fromIndex: -1 }])).toThrow(RangeError);
    expect(() => encodeRecords([{ kind: "truncate", fromIndex: 1.5 }])).toThrow(RangeError);
  });
  it("reject an unknown record kind", () => {
    expect(() => decodeRecordBody(new Uint8Array([9, 0, 0]))).toThrow(RecordFormatError);
  });
  it("reject a hard state whose vote length does not match the body", () => {
    const body = splitRecords(encodeRecords([records[0]!]))[0]!;
    expect(() => decodeRecordBody(body.subarray(0, body.length - 1))).toThrow(/expected/);
  });
  it("reject an entry body too short for its fields", () => {
    expect(() => decodeRecordBody(new Uint8Array([2, 0, 0, 0]))).toThrow(/at least 17/);
  });
});
