/**
 * The deliberate bugs the node host owns (DESIGN.md, "Mutations"). A scenario switches them on
 * with `raft: { mutations: [...] }`; the same set goes to the core, which owns its own names.
 *
 * - `stale-local-read`: a node that believes it is leader answers a get at once from its own
 *   state machine, skipping ReadIndex. A deposed leader that has not noticed yet (partitioned
 *   away) then serves stale values: a linearizability violation the checker must find.
 * - `ack-before-fsync`: the messages of a Ready are sent as soon as its entries and hard state
 *   are written, before the sync completes. A follower acknowledges entries (and a voter grants
 *   votes) that a crash with `loseUnsynced` then erases, so an acknowledged write can vanish.
 */
export const replicaMutationNames = ["stale-local-read", "ack-before-fsync"] as const;

export type ReplicaMutationName = (typeof replicaMutationNames)[number];

/** A mutation name nobody implements: the scenario (or caller) has a typo. */
export class UnknownMutationError extends Error {
  readonly exitCode = 64;
  override name = "UnknownMutationError";
}

/**
 * Checks every name against the host's and the core's mutations and throws naming the first
 * unknown one and listing the known ones.
 */
export function validateMutations(
  names: Iterable<string>,
  coreMutationNames: readonly string[],
): ReadonlySet<string> {
  const known = new Set<string>([...replicaMutationNames, ...coreMutationNames]);
  const result = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) {
      throw new UnknownMutationError(
        `unknown mutation '${name}'; known mutations: ${[...known].sort().join(", ")}`,
      );
    }
    result.add(name);
  }
  return result;
}
