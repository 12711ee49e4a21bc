export type { MutationName, RaftConfig } from "./config.js";
export { coreMutationNames } from "./config.js";
export { RaftInputError, RaftInvariantError } from "./errors.js";
export { messageTypes } from "./message-types.js";
export { RaftNode } from "./raft-node.js";
export { raftConfigDefaults } from "./resolved-config.js";
export type {
  ProgressState,
  ProgressStatus,
  ProposeResult,
  RaftStatus,
  ReadIndexResult,
  Refusal,
  RefusalReason,
} from "./results.js";
export type * from "./types.js";
