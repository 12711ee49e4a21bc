import type {
  AppendRequest,
  AppendResponse,
  Entry,
  HeartbeatRequest,
  HeartbeatResponse,
  Message,
  MessageType,
  VoteRequest,
  VoteResponse,
} from "../core/types.js";
import { transientBytes } from "./byte-arena.js";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";
import { CodecError } from "./codec-error.js";

/**
 * Layout: one type byte, then `from`, `to` (length-prefixed UTF-8), `term` (varint), then the
 * type's fields in a fixed order. Entries are (term, index, data) each, indexes spelled out so a
 * message decodes to exactly what was encoded, whether or not it is well-formed Raft (that is the
 * core's to judge). The type codes are part of the format: never renumber them.
 */
const typeCodes = {
  vote: 1,
  "vote-response": 2,
  append: 3,
  "append-response": 4,
  heartbeat: 5,
  "heartbeat-response": 6,
} as const satisfies Record<MessageType, number>;

const knownTypeCodes: ReadonlySet<number> = new Set(Object.values(typeCodes));

/** The fewest bytes an encoded entry can take: a one-byte term, index and data length. */
const minimumEntryBytes = 3;

/**
 * Dispatches on the type once; each writer below reads the fields of one message shape only, so
 * V8 loads them from a known layout. Reading `type`, `from`, `to` and `term` here, across the six
 * shapes, took the megamorphic path four times per message (encoding measured ~7% of bench:sim
 * that way, against ~1.5% for decoding, whose objects are built per type).
 */
export function encodeMessage(message: Message): Uint8Array {
  switch (message.type) {
    case "vote":
      return encodeVoteRequest(message);
    case "vote-response":
      return encodeVoteResponse(message);
    case "append":
      return encodeAppend(message);
    case "append-response":
      return encodeAppendResponse(message);
    case "heartbeat":
      return encodeHeartbeat(message);
    case "heartbeat-response":
      return encodeHeartbeatResponse(message);
  }
}

/**
 * One writer and one reader for every message, restarted for each: encoding and decoding a
 * message never nest, and an object per message each way was a twentieth of the simulator's
 * allocations. (A throw midway leaves nothing behind: the next restart starts afresh.)
 */
const messageWriter = new ByteWriter(transientBytes);
const messageReader = new ByteReader(new Uint8Array(0));

/** The writer, holding the envelope every message starts with. */
function startMessage(code: number, from: string, to: string, term: number): ByteWriter {
  const writer = messageWriter.restart();
  writer.byte(code);
  writer.string(from);
  writer.string(to);
  writer.varint(term);
  return writer;
}

function encodeVoteRequest(message: VoteRequest): Uint8Array {
  const writer = startMessage(typeCodes.vote, message.from, message.to, message.term);
  writer.varint(message.lastLogIndex);
  writer.varint(message.lastLogTerm);
  return writer.finish();
}

function encodeVoteResponse(message: VoteResponse): Uint8Array {
  const writer = startMessage(typeCodes["vote-response"], message.from, message.to, message.term);
  writer.boolean(message.granted);
  return writer.finish();
}

function encodeAppend(message: AppendRequest): Uint8Array {
  const writer = startMessage(typeCodes.append, message.from, message.to, message.term);
  writer.varint(message.prevLogIndex);
  writer.varint(message.prevLogTerm);
  writer.varint(message.commit);
  const { entries } = message;
  writer.varint(entries.length);
  for (let position = 0; position < entries.length; position++) {
    writeEntryFields(writer, entries[position] as Entry);
  }
  return writer.finish();
}

function encodeAppendResponse(message: AppendResponse): Uint8Array {
  const writer = startMessage(typeCodes["append-response"], message.from, message.to, message.term);
  writer.boolean(message.success);
  writer.varint(message.matchIndex);
  writer.varint(message.conflictIndex);
  writer.varint(message.conflictTerm);
  writer.varint(message.rejectedIndex);
  return writer.finish();
}

function encodeHeartbeat(message: HeartbeatRequest): Uint8Array {
  const writer = startMessage(typeCodes.heartbeat, message.from, message.to, message.term);
  writer.varint(message.commit);
  writer.string(message.context);
  return writer.finish();
}

function encodeHeartbeatResponse(message: HeartbeatResponse): Uint8Array {
  const writer = startMessage(
    typeCodes["heartbeat-response"],
    message.from,
    message.to,
    message.term,
  );
  writer.string(message.context);
  return writer.finish();
}

export function writeEntryFields(writer: ByteWriter, entry: Entry): void {
  writer.varint(entry.term);
  writer.varint(entry.index);
  writer.bytes(entry.data);
}

export function readEntryFields(reader: ByteReader): Entry {
  const term = reader.varint("entry term");
  const index = reader.varint("entry index");
  const data = reader.bytesField("entry data");
  return { term, index, data };
}

/** Decodes one message; throws CodecError (what and where) for bytes that do not form one. */
export function decodeMessage(bytes: Uint8Array): Message {
  const reader = messageReader.restart(bytes);
  const typeOffset = reader.position;
  const code = reader.byte("message type");
  if (!knownTypeCodes.has(code)) throw new CodecError(`unknown message type ${code}`, typeOffset);
  const from = reader.nodeId("from");
  const to = reader.nodeId("to");
  const term = reader.varint("term");
  let message: Message;
  switch (code) {
    case typeCodes.vote:
      message = readVote(reader, from, to, term);
      break;
    case typeCodes["vote-response"]:
      message = { type: "vote-response", from, to, term, granted: reader.boolean("granted") };
      break;
    case typeCodes.append:
      message = readAppend(reader, from, to, term);
      break;
    case typeCodes["append-response"]:
      message = readAppendResponse(reader, from, to, term);
      break;
    case typeCodes.heartbeat:
      message = readHeartbeat(reader, from, to, term);
      break;
    case typeCodes["heartbeat-response"]:
      message = { type: "heartbeat-response", from, to, term, context: reader.string("context") };
      break;
    default:
      throw new CodecError(`unknown message type ${code}`, typeOffset);
  }
  // The type's name only for the error: read here, across the six shapes, the load is a slow one.
  if (reader.remaining !== 0) reader.end(message.type);
  return message;
}

// The envelope's fields come as arguments: an object holding them was one more allocation per
// message wherever these readers are not inlined.

function readVote(reader: ByteReader, from: string, to: string, term: number): VoteRequest {
  const lastLogIndex = reader.varint("lastLogIndex");
  const lastLogTerm = reader.varint("lastLogTerm");
  return { type: "vote", from, to, term, lastLogIndex, lastLogTerm };
}

function readAppend(reader: ByteReader, from: string, to: string, term: number): AppendRequest {
  const prevLogIndex = reader.varint("prevLogIndex");
  const prevLogTerm = reader.varint("prevLogTerm");
  const commit = reader.varint("commit");
  const countOffset = reader.position;
  const count = reader.varint("entry count");
  if (count * minimumEntryBytes > reader.remaining) {
    throw new CodecError(`entry count ${count} exceeds what the bytes left can hold`, countOffset);
  }
  // Started with its first entry: most appends carry one, and a list grown from empty by push
  // reserves room for seventeen.
  const entries: Entry[] = count === 0 ? [] : [readEntryFields(reader)];
  for (let position = 1; position < count; position++) entries.push(readEntryFields(reader));
  return {
    type: "append",
    from,
    to,
    term,
    prevLogIndex,
    prevLogTerm,
    entries,
    commit,
  };
}

function readAppendResponse(
  reader: ByteReader,
  from: string,
  to: string,
  term: number,
): AppendResponse {
  const success = reader.boolean("success");
  const matchIndex = reader.varint("matchIndex");
  const conflictIndex = reader.varint("conflictIndex");
  const conflictTerm = reader.varint("conflictTerm");
  const rejectedIndex = reader.varint("rejectedIndex");
  return {
    type: "append-response",
    from,
    to,
    term,
    success,
    matchIndex,
    conflictIndex,
    conflictTerm,
    rejectedIndex,
  };
}

function readHeartbeat(
  reader: ByteReader,
  from: string,
  to: string,
  term: number,
): HeartbeatRequest {
  const commit = reader.varint("commit");
  const context = reader.string("context");
  return { type: "heartbeat", from, to, term, commit, context };
}
