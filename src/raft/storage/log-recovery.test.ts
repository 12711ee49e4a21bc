import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Entry, HardState } from "../core/types.js";
import { encodeRecords, type LogRecord } from "./log-records.js";
import { LogCorruptionError, recoverLog } from "./log-recovery.js";

const entry = (index: number, term: number): Entry => ({
  index,
  term,
  data: new Uint8Array([index & 0xff, term & 0xff, 42]),
});
const hardState = (term: number, commit: number): HardState => ({ term, vote: "n1", commit });

function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** Encodes each record separately, so the test knows where every record ends. */
function encodeEach(records: LogRecord[]): { bytes: Uint8Array; ends: number[] } {
  const parts = records.map((record) => encodeRecords([record]));
  const ends: number[] = [];
  let offset = 0;
  for (const part of parts) {
    offset += part.length;
    ends.push(offset);
  }
  return { bytes: concat(parts), ends };
}

const sample: LogRecord[] = [
  { kind: "entry", entry: entry(1, 1) },
  { kind: "entry", entry: entry(2, 1) },
  { kind: "hard-state", hardState: hardState(1, 1) },
  { kind: "truncate", fromIndex: 2 },
  { kind: "entry", entry: entry(2, 2) },
  { kind: "hard-state", hardState: hardState(2, 2) },
];

describe("recoverLog", () => {
  it("replays entries, truncate markers and the last hard state", () => {
    const recovered = recoverLog(encodeRecords(sample), "n1", 0);
    expect(recovered.state).toEqual({
      hardState: hardState(2, 2),
      entries: [entry(1, 1), entry(2, 2)],
    });
    expect(recovered.tornBytes).toBe(0);
    expect(recovered.records).toBe(6);
  });
  it("cuts a torn last record at every possible length, keeping every whole record before it", () => {
    const { bytes, ends } = encodeEach(sample);
    for (let length = 0; length <= bytes.length; length++) {
      const recovered = recoverLog(bytes.slice(0, length), "n1", 0);
      const wholeRecords = ends.filter((end) => end <= length).length;
      const expected = recoverLog(bytes.slice(0, ends[wholeRecords - 1] ?? 0), "n1", 0);
      expect(recovered.state).toEqual(expected.state);
      expect(recovered.validBytes).toBe(ends[wholeRecords - 1] ?? 0);
      expect(recovered.tornBytes).toBe(length - recovered.validBytes);
    }
  });
  it("cuts a last record whose checksum fails", () => {
    const { bytes, ends } = encodeEach(sample);
    bytes[bytes.length - 1]! ^= 0xff;
    const recovered = recoverLog(bytes, "n1", ends[ends.length - 2]!);
    expect(recovered.validBytes).toBe(ends[ends.length - 2]);
    expect(recovered.state.hardState).toEqual(hardState(1, 1));
  });
  it("cuts a tail of zero bytes that was allocated but never written", () => {
    const { bytes } = encodeEach(sample);
    const recovered = recoverLog(concat([bytes, new Uint8Array(100)]), "n1", bytes.length);
    expect(recovered.validBytes).toBe(bytes.length);
    expect(recovered.tornBytes).toBe(100);
  });
  it("throws naming the node and byte offset when a checksum fails before the tail", () => {
    const { bytes, ends } = encodeEach(sample);
    bytes[ends[1]! + 10]! ^= 0x01;
    expect(() => recoverLog(bytes, "n3", bytes.length)).toThrow(LogCorruptionError);
    expect(() => recoverLog(bytes, "n3", bytes.length)).toThrow(
      `log of n3 is corrupt at byte offset ${ends[1]}: checksum mismatch`,
    );
  });
  it("refuses, never cuts, a record whose length field points past the end within what an fsync covered", () => {
    const { bytes, ends } = encodeEach(sample);
    bytes[ends[1]! + 1]! ^= 0x01; // the third record's length now runs past the end
    expect(() => recoverLog(bytes, "n2", bytes.length)).toThrow(
      `log of n2 is corrupt at byte offset ${ends[1]}: a record of`,
    );
    // The same bytes after the last fsync are a torn tail: nobody was promised them.
    expect(recoverLog(bytes, "n2", ends[1]!).validBytes).toBe(ends[1]);
  });
  it("refuses a log shorter than what an fsync covered: it was cut, not torn", () => {
    const { bytes, ends } = encodeEach(sample);
    expect(() => recoverLog(bytes.slice(0, ends[2]!), "n2", bytes.length)).toThrow(
      `log of n2 is corrupt at byte offset ${ends[2]}: the file ends at byte ${ends[2]} but an fsync covered ${bytes.length} bytes`,
    );
  });
  it("refuses a synced length that falls inside a record", () => {
    const { bytes, ends } = encodeEach(sample);
    expect(() => recoverLog(bytes, "n2", ends[1]! + 4)).toThrow(
      `log of n2 is corrupt at byte offset ${ends[1]}: a record ends at byte ${ends[2]}`,
    );
  });
  it("throws when an entry leaves a hole in the log", () => {
    const bytes = encodeRecords([
      { kind: "entry", entry: entry(1, 1) },
      { kind: "entry", entry: entry(3, 1) },
    ]);
    expect(() => recoverLog(bytes, "file.wal", 0)).toThrow(
      /file\.wal.*index 3 where 2 was expected/,
    );
  });
  it("throws when a truncate marker points past the end of the log", () => {
    const bytes = encodeRecords([{ kind: "truncate", fromIndex: 4 }]);
    expect(() => recoverLog(bytes, "n1", 0)).toThrow(/truncate from index 4 in a log ending at 0/);
  });
  it("recovers, from any prefix of any log, the state after its last whole record", () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant("append" as const),
        back: fc.nat(3),
        count: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({ kind: fc.constant("hard-state" as const), term: fc.nat(50), commit: fc.nat(50) }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 12 }), fc.nat(), (operations, cutSeed) => {
        const records: LogRecord[] = [];
        const states: { entries: Entry[]; hardState: HardState }[] = [];
        let entries: Entry[] = [];
        let current: HardState = { term: 0, vote: null, commit: 0 };
        let term = 1;
        for (const op of operations) {
          if (op.kind === "hard-state") {
            current = hardState(op.term, op.commit);
            records.push({ kind: "hard-state", hardState: current });
          } else {
            const from = Math.max(1, entries.length + 1 - op.back);
            term++;
            if (from <= entries.length) records.push({ kind: "truncate", fromIndex: from });
            entries = entries.slice(0, from - 1);
            for (let index = from; index < from + op.count; index++) {
              entries.push(entry(index, term));
              records.push({ kind: "entry", entry: entry(index, term) });
            }
          }
          states.push({ entries: [...entries], hardState: current });
        }
        const bytes = encodeRecords(records);
        const cut = records.length === 0 ? 0 : cutSeed % (bytes.length + 1);
        const recovered = recoverLog(bytes.slice(0, cut), "n1", 0);
        const reference = recoverLog(bytes.slice(0, recovered.validBytes), "n1", 0);
        expect(recovered.state).toEqual(reference.state);
        if (cut === bytes.length && states.length > 0) {
          expect(recovered.state).toEqual(states[states.length - 1]);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
