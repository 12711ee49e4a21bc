/**
 * The one byte encoding of Raft messages, entries and hard state, used by both modes (the
 * simulator encodes too, so message sizes are real and no object is shared between nodes).
 */
export { CodecError } from "./codec-error.js";
export { copyBytes } from "./copy-bytes.js";
export { decodeEntry, decodeHardState, encodeEntry, encodeHardState } from "./entry-codec.js";
export { entryHash } from "./entry-hash.js";
export { decodeMessage, encodeMessage } from "./message-codec.js";
export { canonicalNodeId } from "./node-ids.js";
