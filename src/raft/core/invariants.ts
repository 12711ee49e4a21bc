import { RaftInvariantError } from "./errors.js";
import type { NodeId } from "./types.js";

/** Who is asserting: enough to name the node and its current term in the error. */
export interface InvariantContext {
  readonly id: NodeId;
  readonly term: number;
}

/**
 * Throws RaftInvariantError (node, term, index) unless `condition` holds. The message is built
 * only on failure, so assertions on hot paths cost one branch.
 */
export function assertInvariant(
  context: InvariantContext,
  condition: boolean,
  index: number,
  describe: () => string,
): asserts condition {
  if (condition) return;
  throw new RaftInvariantError({
    node: context.id,
    term: context.term,
    index,
    message: describe(),
  });
}

/** The shape of a node's role, checked after every call (constant time). */
export function assertNodeConsistent(state: {
  readonly id: string;
  readonly term: number;
  readonly role: string;
  readonly leader: string | null;
  readonly vote: string | null;
  readonly log: { committed: number; applied: number; lastIndex(): number };
}): void {
  const { log } = state;
  const index = log.committed;
  assertInvariant(state, log.committed <= log.lastIndex(), index, () => {
    return `commit beyond the last index ${log.lastIndex()}`;
  });
  assertInvariant(state, log.applied <= log.committed, log.applied, () => "applied beyond commit");
  if (state.role === "leader") {
    assertInvariant(state, state.leader === state.id && state.vote === state.id, index, () => {
      return `a leader must lead and have voted for itself (leader ${state.leader}, vote ${state.vote})`;
    });
  }
  if (state.role === "candidate") {
    assertInvariant(state, state.vote === state.id && state.leader === null, index, () => {
      return `a candidate must have voted for itself and know no leader (vote ${state.vote})`;
    });
  }
}
