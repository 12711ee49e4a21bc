// The run checks mutation names before any node exists, so it reads the two lists of names
// (the core's and the node host's) where they are defined: the one place `run` looks into `raft`.
import { coreMutationNames } from "../raft/core/config.js";
import { replicaMutationNames } from "../raft/replica/mutations.js";
import { RunSetupError } from "./errors.js";

/** Every deliberate bug raftctl implements, sorted. */
export function knownMutationNames(): string[] {
  return [...coreMutationNames, ...replicaMutationNames].sort();
}

/**
 * Throws a RunSetupError (exit 64) naming the first unknown mutation and the valid ones, so a
 * typo in `raft.mutations` stops the run before it starts rather than inside a node.
 */
export function checkMutationNames(names: readonly string[], where: string): void {
  const known = knownMutationNames();
  const unknown = names.find((name) => !known.includes(name));
  if (unknown === undefined) return;
  throw new RunSetupError(
    `${where}: raft.mutations: unknown mutation '${unknown}'; known mutations: ${known.join(", ")}`,
  );
}
