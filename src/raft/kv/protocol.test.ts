import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeCommand } from "./command.js";
import { KvCodecError } from "./errors.js";
import {
  type ClientRequestFrame,
  type ClientResponseFrame,
  decodeClientRequest,
  decodeClientResponse,
  encodeClientRequest,
  encodeClientResponse,
} from "./protocol.js";
import type { ClientOutcome } from "./requests.js";
import { arbitraryWriteRequest } from "./testing/arbitraries.js";

const arbitraryRequestFrame: fc.Arbitrary<ClientRequestFrame> = fc.record({
  requestId: fc.maxSafeNat(),
  clientId: fc.string({ minLength: 1 }),
  sequence: fc.maxSafeNat(),
  request: fc.oneof(
    fc.record({ f: fc.constant("get" as const), key: fc.string() }),
    arbitraryWriteRequest,
  ),
});

const arbitraryOutcome: fc.Arbitrary<ClientOutcome> = fc.oneof(
  fc.record({ type: fc.constant("ok" as const), value: fc.option(fc.string(), { nil: null }) }),
  fc.record({
    type: fc.constant("ok" as const),
    value: fc.option(fc.string(), { nil: null }),
    applied: fc.boolean(),
  }),
  fc.record({ type: fc.constant("fail" as const), reason: fc.string() }),
  fc.record({ type: fc.constant("fail" as const), reason: fc.string(), hint: fc.string() }),
  fc.record({ type: fc.constant("unknown" as const), reason: fc.string() }),
);

const arbitraryResponseFrame: fc.Arbitrary<ClientResponseFrame> = fc.record({
  requestId: fc.maxSafeNat(),
  outcome: arbitraryOutcome,
});

describe("client protocol frames", () => {
  it("decodes every encoded request frame to an equal frame", () => {
    fc.assert(
      fc.property(arbitraryRequestFrame, (frame) => {
        expect(decodeClientRequest(encodeClientRequest(frame))).toEqual(frame);
      }),
    );
  });

  it("decodes every encoded response frame to an equal frame, keeping applied absent, false or true", () => {
    fc.assert(
      fc.property(arbitraryResponseFrame, (frame) => {
        expect(decodeClientResponse(encodeClientResponse(frame))).toEqual(frame);
      }),
    );
  });

  it("refuses a response frame or a log command given to the request decoder, and the reverse", () => {
    const request = encodeClientRequest({
      requestId: 1,
      clientId: "c",
      sequence: 1,
      request: { f: "get", key: "k" },
    });
    const response = encodeClientResponse({ requestId: 1, outcome: { type: "ok", value: "v" } });
    const command = encodeCommand({
      clientId: "c",
      sequence: 1,
      request: { f: "put", key: "k", value: "v" },
    });
    expect(() => decodeClientRequest(response)).toThrow(/client request frame at byte 0/);
    expect(() => decodeClientRequest(command)).toThrow(KvCodecError);
    expect(() => decodeClientResponse(request)).toThrow(/client response frame at byte 0/);
  });

  it("refuses every strict prefix of a frame", () => {
    const request = encodeClientRequest({
      requestId: 9,
      clientId: "c",
      sequence: 2,
      request: { f: "cas", key: "k", from: "a", to: "b" },
    });
    const response = encodeClientResponse({
      requestId: 9,
      outcome: { type: "fail", reason: "not-leader", hint: "n2" },
    });
    for (let length = 0; length < request.length; length++) {
      expect(() => decodeClientRequest(request.subarray(0, length))).toThrow(KvCodecError);
    }
    for (let length = 0; length < response.length; length++) {
      expect(() => decodeClientResponse(response.subarray(0, length))).toThrow(KvCodecError);
    }
  });

  it("refuses an unknown outcome tag and an impossible applied flag", () => {
    const bytes = encodeClientResponse({ requestId: 1, outcome: { type: "ok", value: null } });
    const badApplied = bytes.slice();
    badApplied[bytes.length - 1] = 7;
    expect(() => decodeClientResponse(badApplied)).toThrow(/applied flag must be 0, 1 or 2, got 7/);
    const badTag = bytes.slice();
    badTag[2] = 9;
    expect(() => decodeClientResponse(badTag)).toThrow(/unknown outcome tag 9/);
  });

  it("either decodes arbitrary bytes to frames that encode back to them, or throws KvCodecError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), fc.boolean(), (bytes, asRequest) => {
        const prefixed = new Uint8Array([asRequest ? 0xd1 : 0xd2, ...bytes]);
        try {
          const encoded = asRequest
            ? encodeClientRequest(decodeClientRequest(prefixed))
            : encodeClientResponse(decodeClientResponse(prefixed));
          expect(encoded).toEqual(prefixed);
        } catch (error) {
          expect(error).toBeInstanceOf(KvCodecError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
