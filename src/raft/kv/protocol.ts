import { transientBytes } from "../codec/byte-arena.js";
import { ByteReader, ByteWriter } from "./bytes.js";
import { KvCodecError } from "./errors.js";
import { readKvRequest, writeKvRequest } from "./request-codec.js";
import type { ClientOutcome, KvRequest } from "./requests.js";

/**
 * The client ⇄ node protocol of both modes. A client sends a request frame to one node; the node
 * answers with a response frame carrying the same `requestId` (the client's own correlation
 * number: unique among its requests in flight, unrelated to the session `sequence`). Both are
 * bytes so sim mode measures real sizes and process mode puts them in length-prefixed TCP frames.
 */
export interface ClientRequestFrame {
  requestId: number;
  clientId: string;
  /** The session sequence number; a retry of a write reuses it. Gets ignore it. */
  sequence: number;
  request: KvRequest;
}

export interface ClientResponseFrame {
  requestId: number;
  outcome: ClientOutcome;
}

/** Leading bytes: a response handed to the request decoder (or a log command) is refused. */
const REQUEST_FRAME_FORMAT = 0xd1;
const RESPONSE_FRAME_FORMAT = 0xd2;
const OUTCOME_TAG = { ok: 1, fail: 2, unknown: 3 } as const;
/** `applied` of an ok outcome: absent, false or true. */
const APPLIED_ABSENT = 0;
const APPLIED_FALSE = 1;
const APPLIED_TRUE = 2;

export function encodeClientRequest(frame: ClientRequestFrame): Uint8Array {
  if (frame.clientId === "") throw new KvCodecError("client request frame", 0, "empty client id");
  const writer = new ByteWriter().byte(REQUEST_FRAME_FORMAT);
  writer.unsigned(frame.requestId).string(frame.clientId).unsigned(frame.sequence);
  writeKvRequest(writer, frame.request);
  return writer.finishIn(transientBytes);
}

/** One reader, restarted for each client request frame: decoding never nests. */
const requestReader = new ByteReader(new Uint8Array(0), "client request frame");

/** Throws `KvCodecError` (with the byte offset) for bytes that are not exactly one request frame. */
export function decodeClientRequest(bytes: Uint8Array): ClientRequestFrame {
  const reader = requestReader.restart(bytes);
  const format = reader.byte();
  if (format !== REQUEST_FRAME_FORMAT) reader.fail(`unknown frame format byte ${format}`, 0);
  const requestId = reader.unsigned();
  const clientId = reader.name();
  if (clientId === "") reader.fail("empty client id");
  const sequence = reader.unsigned();
  const request = readKvRequest(reader);
  reader.end();
  return { requestId, clientId, sequence, request };
}

export function encodeClientResponse(frame: ClientResponseFrame): Uint8Array {
  const writer = new ByteWriter().byte(RESPONSE_FRAME_FORMAT).unsigned(frame.requestId);
  const outcome = frame.outcome;
  writer.byte(OUTCOME_TAG[outcome.type]);
  switch (outcome.type) {
    case "ok":
      writer.optionalString(outcome.value).byte(appliedByte(outcome.applied));
      break;
    case "fail":
      writer.string(outcome.reason).optionalString(outcome.hint);
      break;
    case "unknown":
      writer.string(outcome.reason);
      break;
  }
  return writer.finishIn(transientBytes);
}

/** One reader, restarted for each client response frame: decoding never nests. */
const responseReader = new ByteReader(new Uint8Array(0), "client response frame");

/** Throws `KvCodecError` (with the byte offset) for bytes that are not exactly one response frame. */
export function decodeClientResponse(bytes: Uint8Array): ClientResponseFrame {
  const reader = responseReader.restart(bytes);
  const format = reader.byte();
  if (format !== RESPONSE_FRAME_FORMAT) reader.fail(`unknown frame format byte ${format}`, 0);
  const requestId = reader.unsigned();
  const outcome = readOutcome(reader);
  reader.end();
  return { requestId, outcome };
}

function readOutcome(reader: ByteReader): ClientOutcome {
  const tag = reader.byte();
  switch (tag) {
    case OUTCOME_TAG.ok: {
      const value = reader.optionalString();
      const applied = reader.byte();
      if (applied === APPLIED_ABSENT) return { type: "ok", value };
      if (applied === APPLIED_FALSE) return { type: "ok", value, applied: false };
      if (applied === APPLIED_TRUE) return { type: "ok", value, applied: true };
      return reader.fail(`applied flag must be 0, 1 or 2, got ${applied}`);
    }
    case OUTCOME_TAG.fail: {
      const reason = reader.string();
      const hint = reader.optionalString();
      return hint === null ? { type: "fail", reason } : { type: "fail", reason, hint };
    }
    case OUTCOME_TAG.unknown:
      return { type: "unknown", reason: reader.string() };
    default:
      return reader.fail(`unknown outcome tag ${tag}`);
  }
}

function appliedByte(applied: boolean | undefined): number {
  if (applied === undefined) return APPLIED_ABSENT;
  return applied ? APPLIED_TRUE : APPLIED_FALSE;
}
