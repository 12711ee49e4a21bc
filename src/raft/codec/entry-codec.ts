import type { Entry, HardState } from "../core/types.js";
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";
import { readEntryFields, writeEntryFields } from "./message-codec.js";

/** An entry as the write-ahead logs of both modes store it: term, index, data. */
export function encodeEntry(entry: Entry): Uint8Array {
  const writer = new ByteWriter();
  writeEntryFields(writer, entry);
  return writer.finish();
}

export function decodeEntry(bytes: Uint8Array): Entry {
  const reader = new ByteReader(bytes);
  const entry = readEntryFields(reader);
  reader.end("entry");
  return entry;
}

/** Hard state: term, then a presence byte and the vote, then commit. */
export function encodeHardState(hardState: HardState): Uint8Array {
  const writer = new ByteWriter();
  writer.varint(hardState.term);
  writer.boolean(hardState.vote !== null);
  if (hardState.vote !== null) writer.string(hardState.vote);
  writer.varint(hardState.commit);
  return writer.finish();
}

export function decodeHardState(bytes: Uint8Array): HardState {
  const reader = new ByteReader(bytes);
  const term = reader.varint("hard state term");
  const hasVote = reader.boolean("hard state vote presence");
  const vote = hasVote ? reader.string("hard state vote") : null;
  const commit = reader.varint("hard state commit");
  reader.end("hard state");
  return { term, vote, commit };
}
