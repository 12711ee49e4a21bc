import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCommand, encodeCommand, type KvCommand } from "./command.js";
import { KvCodecError } from "./errors.js";
import { arbitraryWriteRequest } from "./testing/arbitraries.js";

const arbitraryCommand: fc.Arbitrary<KvCommand> = fc.record({
  clientId: fc.string({ minLength: 1 }),
  sequence: fc.maxSafeNat(),
  request: arbitraryWriteRequest,
});

const sample: KvCommand = {
  clientId: "client-7",
  sequence: 300,
  request: { f: "cas", key: "k", from: null, to: "v" },
};

describe("kv command codec", () => {
  it("decodes every encoded command to an equal command", () => {
    fc.assert(
      fc.property(arbitraryCommand, (command) => {
        expect(decodeCommand(encodeCommand(command))).toEqual(command);
      }),
    );
  });

  it("keeps a cas from null distinct from a cas from the empty string", () => {
    const fromEmpty = { ...sample, request: { ...sample.request, from: "" } } as KvCommand;
    expect(decodeCommand(encodeCommand(fromEmpty)).request).toEqual(fromEmpty.request);
    expect(decodeCommand(encodeCommand(sample)).request).toEqual(sample.request);
  });

  it("refuses an empty payload, which is a leader's no-op entry", () => {
    expect(() => decodeCommand(new Uint8Array())).toThrow(/no-op/);
  });

  it("refuses every strict prefix of a command as truncated", () => {
    const bytes = encodeCommand(sample);
    for (let length = 1; length < bytes.length; length++) {
      expect(() => decodeCommand(bytes.subarray(0, length))).toThrow(KvCodecError);
    }
  });

  it("refuses trailing bytes after a command", () => {
    const bytes = encodeCommand(sample);
    const longer = new Uint8Array([...bytes, 0]);
    expect(() => decodeCommand(longer)).toThrow(/trailing/);
  });

  it("refuses an unknown format byte, naming offset 0", () => {
    const bytes = encodeCommand(sample);
    bytes[0] = 0x42;
    expect(() => decodeCommand(bytes)).toThrow(/at byte 0: unknown command format byte 66/);
  });

  it("refuses a string that is not UTF-8", () => {
    const bytes = encodeCommand({ ...sample, clientId: "ab" });
    const clientIdStart = bytes.indexOf(0x61);
    bytes[clientIdStart] = 0xff;
    expect(() => decodeCommand(bytes)).toThrow(/not valid UTF-8/);
  });

  it("refuses an overlong varint", () => {
    const bytes = new Uint8Array([0xc1, 0x80, 0x00, 1, 0x63, 2, 1, 0x6b, 1, 0x76]);
    expect(() => decodeCommand(bytes)).toThrow(/redundant trailing zero/);
  });

  it("refuses to encode or decode a get, which is never logged", () => {
    const get = {
      clientId: "c",
      sequence: 1,
      request: { f: "get", key: "k" },
    } as unknown as KvCommand;
    expect(() => encodeCommand(get)).toThrow(KvCodecError);
    const bytes = new Uint8Array([0xc1, 1, 1, 0x63, 1, 1, 0x6b]);
    expect(() => decodeCommand(bytes)).toThrow(/never a logged command/);
  });

  it("refuses an empty client id and a negative sequence when encoding", () => {
    expect(() => encodeCommand({ ...sample, clientId: "" })).toThrow(/empty client id/);
    expect(() => encodeCommand({ ...sample, sequence: -1 })).toThrow(/sequence -1/);
  });

  it("either decodes arbitrary bytes to a command that encodes back to them, or throws KvCodecError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let command: KvCommand;
        try {
          command = decodeCommand(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(KvCodecError);
          return;
        }
        expect(encodeCommand(command)).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });
});
