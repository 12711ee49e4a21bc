import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Entry, HardState, Message } from "../core/types.js";
import { fnv1a64Hex } from "./entry-hash.js";
import {
  CodecError,
  decodeEntry,
  decodeHardState,
  decodeMessage,
  encodeEntry,
  encodeHardState,
  encodeMessage,
  entryHash,
} from "./index.js";

const count = fc.oneof(fc.nat({ max: 300 }), fc.maxSafeNat());
const nodeId = fc.oneof(
  fc.constantFrom("n1", "n2", "3"),
  fc.string({ unit: "binary", maxLength: 12 }),
);
const bytes = fc.uint8Array({ maxLength: 64 });
const entry: fc.Arbitrary<Entry> = fc.record({ term: count, index: count, data: bytes });
const base = { from: nodeId, to: nodeId, term: count };

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    type: fc.constant("vote" as const),
    ...base,
    lastLogIndex: count,
    lastLogTerm: count,
  }),
  fc.record({ type: fc.constant("vote-response" as const), ...base, granted: fc.boolean() }),
  fc.record({
    type: fc.constant("append" as const),
    ...base,
    prevLogIndex: count,
    prevLogTerm: count,
    entries: fc.array(entry, { maxLength: 5 }),
    commit: count,
  }),
  fc.record({
    type: fc.constant("append-response" as const),
    ...base,
    success: fc.boolean(),
    matchIndex: count,
    conflictIndex: count,
    conflictTerm: count,
    rejectedIndex: count,
  }),
  fc.record({
    type: fc.constant("heartbeat" as const),
    ...base,
    commit: count,
    context: fc.string({ unit: "binary", maxLength: 20 }),
  }),
  fc.record({
    type: fc.constant("heartbeat-response" as const),
    ...base,
    context: fc.string({ unit: "binary", maxLength: 20 }),
  }),
);
const hardState: fc.Arbitrary<HardState> = fc.record({
  term: count,
  vote: fc.option(nodeId, { nil: null }),
  commit: count,
});

function decodeOrCodecError<T>(
  decode: (bytes: Uint8Array) => T,
  input: Uint8Array,
): T | CodecError {
  try {
    return decode(input);
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
}

describe("message codec", () => {
  it("decodes every encoded message to an equal message", () => {
    fc.assert(
      fc.property(message, (original) => {
        expect(decodeMessage(encodeMessage(original))).toEqual(original);
      }),
      { numRuns: 500 },
    );
  });

  it("decodes short names right however many there are (the decoder caches them)", () => {
    // Thousands of distinct one- to four-byte names, so cached names keep being replaced.
    const names: string[] = [];
    for (let first = 0x21; first < 0x7f; first++) {
      names.push(String.fromCharCode(first));
      for (let second = 0x30; second < 0x3a; second++) {
        names.push(String.fromCharCode(first, second), `${String.fromCharCode(first, second)}x`);
        names.push(`n${String.fromCharCode(first, second)}z`);
      }
    }
    for (const round of [0, 1]) {
      for (const name of names) {
        const message: Message = {
          type: "heartbeat-response",
          from: name,
          to: `${name}${round}`,
          term: 1,
          context: name,
        };
        expect(decodeMessage(encodeMessage(message))).toEqual(message);
      }
    }
  });

  it("refuses every strict prefix of an encoded message with a CodecError", () => {
    fc.assert(
      fc.property(message, (original) => {
        const encoded = encodeMessage(original);
        for (let length = 0; length < encoded.length; length++) {
          expect(decodeOrCodecError(decodeMessage, encoded.subarray(0, length))).toBeInstanceOf(
            CodecError,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses trailing bytes after a message", () => {
    fc.assert(
      fc.property(message, fc.uint8Array({ minLength: 1, maxLength: 4 }), (original, extra) => {
        const encoded = encodeMessage(original);
        const padded = new Uint8Array([...encoded, ...extra]);
        const result = decodeOrCodecError(decodeMessage, padded);
        expect(result).toBeInstanceOf(CodecError);
        expect((result as CodecError).offset).toBe(encoded.length);
      }),
    );
  });

  it("either refuses random bytes with a CodecError or decodes them canonically", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (input) => {
        const result = decodeOrCodecError(decodeMessage, input);
        if (result instanceof CodecError) {
          expect(result.offset).toBeGreaterThanOrEqual(0);
          expect(result.offset).toBeLessThanOrEqual(input.length);
        } else {
          expect(encodeMessage(result)).toEqual(input);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("names what was wrong and where", () => {
    expect(() => decodeMessage(new Uint8Array([9]))).toThrow("unknown message type 9 at byte 0");
    expect(() => decodeMessage(new Uint8Array([]))).toThrow(
      "message type: unexpected end of input at byte 0",
    );
    const vote = encodeMessage({
      type: "vote-response",
      from: "a",
      to: "b",
      term: 1,
      granted: true,
    });
    vote[vote.length - 1] = 7;
    expect(() => decodeMessage(vote)).toThrow(
      `granted: boolean byte 7 is neither 0 nor 1 at byte ${vote.length - 1}`,
    );
  });

  it("refuses an entry count that the remaining bytes cannot hold before allocating", () => {
    const append = encodeMessage({
      type: "append",
      from: "a",
      to: "b",
      term: 1,
      prevLogIndex: 0,
      prevLogTerm: 0,
      entries: [],
      commit: 0,
    });
    const huge = new Uint8Array([...append.subarray(0, append.length - 1), 0xff, 0xff, 0xff, 0x7f]);
    expect(() => decodeMessage(huge)).toThrow(/entry count 268435455 exceeds/);
  });

  it("refuses varints that are not minimal or exceed the safe integer range", () => {
    const header = [6, 1, 97, 1, 98];
    expect(() => decodeMessage(new Uint8Array([...header, 0x81, 0x00, 0]))).toThrow(
      /term: varint not minimal at byte 5/,
    );
    const tooLarge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    expect(() => decodeMessage(new Uint8Array([...header, ...tooLarge, 0]))).toThrow(
      /term: integer too large/,
    );
    const tooLong = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    expect(() => decodeMessage(new Uint8Array([...header, ...tooLong, 0]))).toThrow(
      /varint longer than 8 bytes/,
    );
  });

  it("refuses strings that are not valid UTF-8", () => {
    expect(() => decodeMessage(new Uint8Array([6, 1, 0xff, 1, 98, 1, 0]))).toThrow(
      "from: invalid UTF-8 at byte 2",
    );
  });

  it("keeps a heartbeat small: a few bytes besides the node names", () => {
    const heartbeat = encodeMessage({
      type: "heartbeat",
      from: "n1",
      to: "n2",
      term: 7,
      commit: 300,
      context: "",
    });
    expect(heartbeat.length).toBe(1 + 3 + 3 + 1 + 2 + 1);
  });
});

describe("entry and hard state codec", () => {
  it("decodes every encoded entry to an equal entry", () => {
    fc.assert(
      fc.property(entry, (original) => {
        expect(decodeEntry(encodeEntry(original))).toEqual(original);
      }),
    );
  });

  it("decodes every encoded hard state to an equal hard state", () => {
    fc.assert(
      fc.property(hardState, (original) => {
        expect(decodeHardState(encodeHardState(original))).toEqual(original);
      }),
    );
  });

  it("refuses truncated or padded entries and hard states", () => {
    fc.assert(
      fc.property(entry, hardState, (someEntry, someHardState) => {
        const cases: [(input: Uint8Array) => unknown, Uint8Array][] = [
          [decodeEntry, encodeEntry(someEntry)],
          [decodeHardState, encodeHardState(someHardState)],
        ];
        for (const [decode, encoded] of cases) {
          expect(
            decodeOrCodecError(decode, encoded.subarray(0, encoded.length - 1)),
          ).toBeInstanceOf(CodecError);
          expect(decodeOrCodecError(decode, new Uint8Array([...encoded, 0]))).toBeInstanceOf(
            CodecError,
          );
        }
      }),
    );
  });
});

describe("entry hash", () => {
  it("is FNV-1a 64 (published test vectors)", () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(fnv1a64Hex(text(""))).toBe("cbf29ce484222325");
    expect(fnv1a64Hex(text("a"))).toBe("af63dc4c8601ec8c");
    expect(fnv1a64Hex(text("foobar"))).toBe("85944171f73967e8");
  });

  it("differs when term, index or data differ, and is 16 hex digits", () => {
    const data = new TextEncoder().encode("x");
    const hash = entryHash({ term: 1, index: 2, data });
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(entryHash({ term: 1, index: 2, data: new Uint8Array(data) })).toBe(hash);
    expect(entryHash({ term: 2, index: 2, data })).not.toBe(hash);
    expect(entryHash({ term: 1, index: 3, data })).not.toBe(hash);
    expect(entryHash({ term: 1, index: 2, data: new TextEncoder().encode("y") })).not.toBe(hash);
  });
});
