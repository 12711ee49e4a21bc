import { copyBytes } from "../codec/copy-bytes.js";
import type { Entry, HardState } from "../core/types.js";
import { crc32c } from "./crc32c.js";

/**
 * The on-disk log format, shared by both modes (the simulator keeps these bytes on its simulated
 * disk; process mode writes them to files). The log is a sequence of records:
 *
 *   offset 0  u32 LE  body length in bytes (at least 1)
 *   offset 4  u32 LE  CRC-32C of the body
 *   offset 8  body:   u8 kind, then the kind's fields
 *
 * kinds: 1 hard state (u53 term, u53 commit, u16 vote length or 0xFFFF for none, vote UTF-8);
 *        2 entry (u53 index, u53 term, the command bytes to the end of the body);
 *        3 truncate marker (u53 fromIndex: entries from this index on are gone).
 * A u53 is two u32 LE words, high then low, holding a non-negative safe integer.
 *
 * A rewrite of a log suffix is written as a truncate marker followed by the new entries, so on
 * replay every entry record must extend the log by exactly one: a gap is corruption, never a
 * silent hole.
 */
export type LogRecord =
  | { kind: "hard-state"; hardState: HardState }
  | { kind: "entry"; entry: Entry }
  | { kind: "truncate"; fromIndex: number };

export const recordHeaderBytes = 8;
/** A body longer than this is not a record this format writes: the length field is damaged. */
export const recordBodyBytesMax = 64 * 1024 * 1024;

const kindCode = { "hard-state": 1, entry: 2, truncate: 3 } as const;
const noVote = 0xffff;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** A record whose checksum holds but whose body this format cannot read. */
export class RecordFormatError extends Error {
  override name = "RecordFormatError";
}

/** Encodes records back to back into one new buffer (one write for a whole Ready). */
export function encodeRecords(records: readonly LogRecord[]): Uint8Array {
  return encodeInto(records, false);
}

/**
 * Typed arrays over 64 bytes get a buffer outside the JavaScript heap, and allocating one (and
 * later freeing it) costs a microsecond or more — most of the log's write path, since a Ready's
 * records are usually longer than that. So the log encodes into one scratch buffer, reused.
 */
let scratch = new Uint8Array(4096);
const scratchBytesMax = 1024 * 1024;

/**
 * As `encodeRecords`, but the bytes are a view into a buffer the next call overwrites: for a
 * writer that copies them at once (a LogFile's `append` does).
 */
export function encodeRecordsReused(records: readonly LogRecord[]): Uint8Array {
  return encodeInto(records, true);
}

/**
 * The records of one Ready's entries, after a truncate marker when `truncateFrom` is not null
 * (they replace a suffix), into the reused buffer as `encodeRecordsReused`. The write path's own
 * encoder: every node writes every entry, and the general one built a record object per entry
 * and a list of them, then switched on each record's kind twice.
 */
export function encodeEntryRecordsReused(
  entries: readonly Entry[],
  truncateFrom: number | null,
): Uint8Array {
  let totalBytes = truncateFrom === null ? 0 : recordHeaderBytes + truncateBodyBytes;
  for (let position = 0; position < entries.length; position++) {
    totalBytes += recordHeaderBytes + entryBodyBytes(entries[position] as Entry);
  }
  const target = scratchOf(totalBytes);
  let offset = truncateFrom === null ? 0 : writeTruncate(target, 0, truncateFrom);
  for (let position = 0; position < entries.length; position++) {
    offset = writeEntry(target, offset, entries[position] as Entry);
  }
  return target;
}

/** One hard-state record into the reused buffer, as `encodeRecordsReused` (written at most syncs). */
export function encodeHardStateRecordReused(hardState: HardState): Uint8Array {
  const vote = encodeVote(hardState.vote);
  const target = scratchOf(recordHeaderBytes + hardStateBodyBytes(vote));
  writeHardState(target, 0, hardState, vote);
  return target;
}

/**
 * Views of the scratch buffer's first n bytes, by n, for short writes: a node writes records of a
 * few recurring lengths (a hard state, one entry of a usual size) at nearly every Ready, and a
 * fresh view per write was an allocation each time.
 */
let scratchViews: (Uint8Array | undefined)[] = [];
const cachedViewBytesMax = 512;

function scratchOf(totalBytes: number): Uint8Array {
  if (totalBytes > scratch.length) {
    if (totalBytes > scratchBytesMax) return new Uint8Array(totalBytes);
    scratch = new Uint8Array(Math.max(totalBytes, scratch.length * 2));
    scratchViews = [];
  }
  if (totalBytes > cachedViewBytesMax) return scratch.subarray(0, totalBytes);
  let view = scratchViews[totalBytes];
  if (view === undefined) {
    view = scratch.subarray(0, totalBytes);
    scratchViews[totalBytes] = view;
  }
  return view;
}

/** Sizes, then writes (a vote's bytes come from a one-entry cache both times: no list kept). */
function encodeInto(records: readonly LogRecord[], reuse: boolean): Uint8Array {
  let totalBytes = 0;
  for (let position = 0; position < records.length; position++) {
    const record = records[position] as LogRecord;
    totalBytes += recordHeaderBytes + bodyBytes(record, voteOf(record));
  }
  const target = reuse ? scratchOf(totalBytes) : new Uint8Array(totalBytes);
  let offset = 0;
  for (let position = 0; position < records.length; position++) {
    const record = records[position] as LogRecord;
    offset = writeRecord(target, offset, record, voteOf(record));
  }
  return target;
}

function voteOf(record: LogRecord): Uint8Array | null {
  return record.kind === "hard-state" ? encodeVote(record.hardState.vote) : null;
}

/** The last vote encoded: a node writes the same vote in every hard state of a term. */
let lastVote: { vote: string; bytes: Uint8Array } | null = null;

/** Node names are short ASCII in practice: skip the TextEncoder (slow for tiny strings) then. */
function encodeVote(vote: string | null): Uint8Array | null {
  if (vote === null) return null;
  if (lastVote?.vote === vote) return lastVote.bytes;
  const bytes = encodeVoteBytes(vote);
  lastVote = { vote, bytes };
  return bytes;
}

function encodeVoteBytes(vote: string): Uint8Array {
  const bytes = new Uint8Array(vote.length);
  for (let position = 0; position < vote.length; position++) {
    const code = vote.charCodeAt(position);
    if (code > 0x7f) return textEncoder.encode(vote);
    bytes[position] = code;
  }
  return bytes;
}

function bodyBytes(record: LogRecord, vote: Uint8Array | null): number {
  switch (record.kind) {
    case "hard-state":
      return hardStateBodyBytes(vote);
    case "entry":
      return entryBodyBytes(record.entry);
    case "truncate":
      return truncateBodyBytes;
  }
}

function hardStateBodyBytes(vote: Uint8Array | null): number {
  return 1 + 16 + 2 + (vote?.length ?? 0);
}

function entryBodyBytes(entry: Entry): number {
  return 1 + 16 + entry.data.length;
}

const truncateBodyBytes = 1 + 8;

function writeRecord(
  buffer: Uint8Array,
  offset: number,
  record: LogRecord,
  vote: Uint8Array | null,
): number {
  switch (record.kind) {
    case "hard-state":
      return writeHardState(buffer, offset, record.hardState, vote);
    case "entry":
      return writeEntry(buffer, offset, record.entry);
    case "truncate":
      return writeTruncate(buffer, offset, record.fromIndex);
  }
}

function writeHardState(
  buffer: Uint8Array,
  offset: number,
  hardState: HardState,
  vote: Uint8Array | null,
): number {
  const bodyStart = offset + recordHeaderBytes;
  buffer[bodyStart] = kindCode["hard-state"];
  writeUint53(buffer, bodyStart + 1, hardState.term);
  writeUint53(buffer, bodyStart + 9, hardState.commit);
  writeUint32(buffer, bodyStart + 17, vote === null ? noVote : vote.length, 2);
  if (vote !== null) buffer.set(vote, bodyStart + 19);
  return sealRecord(buffer, offset, hardStateBodyBytes(vote));
}

function writeEntry(buffer: Uint8Array, offset: number, entry: Entry): number {
  const bodyStart = offset + recordHeaderBytes;
  buffer[bodyStart] = kindCode.entry;
  writeUint53(buffer, bodyStart + 1, entry.index);
  writeUint53(buffer, bodyStart + 9, entry.term);
  copyBytes(buffer, bodyStart + 17, entry.data, 0, entry.data.length);
  return sealRecord(buffer, offset, entryBodyBytes(entry));
}

function writeTruncate(buffer: Uint8Array, offset: number, fromIndex: number): number {
  const bodyStart = offset + recordHeaderBytes;
  buffer[bodyStart] = kindCode.truncate;
  writeUint53(buffer, bodyStart + 1, fromIndex);
  return sealRecord(buffer, offset, truncateBodyBytes);
}

/** Writes the header of the record whose body was just written at `offset + 8`; returns its end. */
function sealRecord(buffer: Uint8Array, offset: number, bodyLength: number): number {
  const bodyStart = offset + recordHeaderBytes;
  writeUint32(buffer, offset, bodyLength, 4);
  writeUint32(buffer, offset + 4, crc32c(buffer, bodyStart, bodyStart + bodyLength), 4);
  return bodyStart + bodyLength;
}

/** Little-endian, `byteCount` (2 or 4) bytes. Plain byte stores: faster than a DataView here. */
function writeUint32(buffer: Uint8Array, offset: number, value: number, byteCount: number): void {
  for (let byte = 0; byte < byteCount; byte++)
    buffer[offset + byte] = (value >>> (8 * byte)) & 0xff;
}

function writeUint53(buffer: Uint8Array, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`log record field must be a non-negative safe integer, got ${value}`);
  }
  writeUint32(buffer, offset, Math.floor(value / 0x1_0000_0000), 4);
  writeUint32(buffer, offset + 4, value >>> 0, 4);
}

function readUint53(view: DataView, offset: number): number {
  const high = view.getUint32(offset, true);
  if (high > 0x1fffff) throw new RecordFormatError(`integer field above 2^53 at ${offset}`);
  const low = view.getUint32(offset + 4, true);
  // Integer-valued, not a float sum, when it fits: see the codec's ByteReader.varint for why.
  return high === 0 ? low : high * 0x1_0000_0000 + low;
}

/** Decodes one record body (checksum already verified). Throws RecordFormatError if malformed. */
export function decodeRecordBody(body: Uint8Array): LogRecord {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const kind = body[0];
  if (kind === kindCode["hard-state"]) return decodeHardStateBody(body, view);
  if (kind === kindCode.entry) {
    requireLength(body, 17, "entry");
    // Fields in the order the core creates them, so recovered and new entries share one shape.
    const entry: Entry = {
      term: readUint53(view, 9),
      index: readUint53(view, 1),
      data: body.slice(17),
    };
    return { kind: "entry", entry };
  }
  if (kind === kindCode.truncate) {
    requireLength(body, 9, "truncate");
    if (body.length !== 9) throw new RecordFormatError(`truncate record of ${body.length} bytes`);
    return { kind: "truncate", fromIndex: readUint53(view, 1) };
  }
  throw new RecordFormatError(`unknown record kind ${kind}`);
}

function decodeHardStateBody(body: Uint8Array, view: DataView): LogRecord {
  requireLength(body, 19, "hard state");
  const voteLength = view.getUint16(17, true);
  const expectedLength = 19 + (voteLength === noVote ? 0 : voteLength);
  if (body.length !== expectedLength) {
    throw new RecordFormatError(
      `hard state record of ${body.length} bytes, expected ${expectedLength}`,
    );
  }
  let vote: string | null = null;
  if (voteLength !== noVote) {
    try {
      vote = textDecoder.decode(body.subarray(19));
    } catch {
      throw new RecordFormatError("hard state vote is not UTF-8");
    }
  }
  return {
    kind: "hard-state",
    hardState: { term: readUint53(view, 1), vote, commit: readUint53(view, 9) },
  };
}

function requireLength(body: Uint8Array, bytesMin: number, what: string): void {
  if (body.length < bytesMin) {
    throw new RecordFormatError(
      `${what} record of ${body.length} bytes, needs at least ${bytesMin}`,
    );
  }
}
