/**
 * The client API's envelope inside a frame: [kind: u8][request id: u32 BE][body]. The body is
 * opaque here (its contents are `src/raft/kv/protocol.ts`'s). The id lets one connection carry
 * many requests at once and be answered out of order: a read waits for its read index while a
 * later write commits first.
 */

export const envelopeHeaderBytes = 5;

export const EnvelopeKind = {
  /** client → server: a request body. */
  request: 1,
  /** server → client: the handler's answer body. */
  response: 2,
  /** server → client: the request was refused before its handler ran (certainly not applied). */
  rejected: 3,
  /** server → client: the handler threw; whether it took effect is unknown. */
  failed: 4,
} as const;

export type EnvelopeKind = (typeof EnvelopeKind)[keyof typeof EnvelopeKind];

export interface Envelope {
  kind: EnvelopeKind;
  requestId: number;
  body: Uint8Array;
}

const kinds = new Set<number>(Object.values(EnvelopeKind));

export function encodeEnvelope(envelope: Envelope): Buffer {
  if (!Number.isInteger(envelope.requestId) || envelope.requestId < 0) {
    throw new Error(`request id must be a u32, got ${envelope.requestId}`);
  }
  const bytes = Buffer.allocUnsafe(envelopeHeaderBytes + envelope.body.length);
  bytes.writeUInt8(envelope.kind, 0);
  bytes.writeUInt32BE(envelope.requestId >>> 0, 1);
  bytes.set(envelope.body, envelopeHeaderBytes);
  return bytes;
}

/** Throws on a payload that is not an envelope; the caller closes the connection. */
export function decodeEnvelope(payload: Uint8Array): Envelope {
  if (payload.length < envelopeHeaderBytes) {
    throw new Error(`client frame of ${payload.length} bytes is shorter than its 5-byte header`);
  }
  const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.length);
  const kind = bytes.readUInt8(0);
  if (!kinds.has(kind)) throw new Error(`client frame has unknown kind ${kind}`);
  return {
    kind: kind as EnvelopeKind,
    requestId: bytes.readUInt32BE(1),
    body: bytes.subarray(envelopeHeaderBytes),
  };
}
