// Validation checks mutation names before any node exists, so the run reads the two lists of
// names (the core's and the node host's) where they are defined: the one place `run` looks into
// `raft`.
import { coreMutationNames } from "../raft/core/config.js";
import { replicaMutationNames } from "../raft/replica/mutations.js";

/** Every deliberate bug raftctl implements, sorted. */
export function knownMutationNames(): string[] {
  return [...coreMutationNames, ...replicaMutationNames].sort();
}
