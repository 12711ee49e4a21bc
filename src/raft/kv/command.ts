import { entryBytes } from "../codec/byte-arena.js";
import { ByteReader, ByteWriter } from "./bytes.js";
import { KvCodecError } from "./errors.js";
import { readKvRequest, writeKvRequest } from "./request-codec.js";
import type { KvRequest } from "./requests.js";

/** The requests that go through the log. Gets are served by ReadIndex, never logged. */
export type KvWriteRequest = Exclude<KvRequest, { f: "get" }>;

/**
 * What a Raft entry carries: a write with its client session. The pair (clientId, sequence)
 * makes retries idempotent: the state machine applies it at most once.
 */
export interface KvCommand {
  clientId: string;
  /** The session sequence number, a non-negative safe integer chosen by the client. */
  sequence: number;
  request: KvWriteRequest;
}

/**
 * The first byte of every command: it can never be confused with a leader's empty no-op entry,
 * and a client frame (another leading byte) handed to `decodeCommand` by mistake is refused.
 */
const COMMAND_FORMAT = 0xc1;

export function encodeCommand(command: KvCommand): Uint8Array {
  assertCommand(command);
  const writer = new ByteWriter().byte(COMMAND_FORMAT).unsigned(command.sequence);
  writer.string(command.clientId);
  writeKvRequest(writer, command.request);
  return writer.finishIn(entryBytes);
}

/** One reader, restarted for each kv command: decoding never nests. */
const commandReader = new ByteReader(new Uint8Array(0), "kv command");

/**
 * Decodes an entry's payload. Throws `KvCodecError` for bytes that are not exactly one command
 * (an empty payload included: that is a no-op entry, which the caller handles before decoding).
 */
export function decodeCommand(bytes: Uint8Array): KvCommand {
  const reader = commandReader.restart(bytes);
  if (bytes.length === 0) reader.fail("empty payload is a no-op entry, not a command");
  const format = reader.byte();
  if (format !== COMMAND_FORMAT) reader.fail(`unknown command format byte ${format}`, 0);
  const sequence = reader.unsigned();
  const clientId = reader.name();
  if (clientId === "") reader.fail("empty client id");
  const request = readKvRequest(reader);
  if (request.f === "get") return reader.fail("a get is never a logged command");
  reader.end();
  return { clientId, sequence, request };
}

function assertCommand(command: KvCommand): void {
  if (command.clientId === "") throw new KvCodecError("kv command", 0, "empty client id");
  if (!Number.isSafeInteger(command.sequence) || command.sequence < 0) {
    throw new KvCodecError(
      "kv command",
      0,
      `sequence ${command.sequence} is not a safe integer >= 0`,
    );
  }
  if ((command.request as KvRequest).f === "get") {
    throw new KvCodecError("kv command", 0, "a get is never a logged command");
  }
}
