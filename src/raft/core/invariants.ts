import { RaftInvariantError } from "./errors.js";
import type { NodeId } from "./types.js";

/** Who is asserting: enough to name the node and its current term in the error. */
export interface InvariantContext {
  readonly id: NodeId;
  readonly term: number;
}

/**
 * Throws RaftInvariantError naming the node, its current term and the index. Callers test the
 * condition themselves and build the message only when it fails — `if (!holds) invariantBroken(
 * ...)` — so an assertion on a hot path costs one branch and allocates nothing.
 */
export function invariantBroken(context: InvariantContext, index: number, message: string): never {
  throw new RaftInvariantError({ node: context.id, term: context.term, index, message });
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
  if (log.committed > log.lastIndex()) {
    invariantBroken(state, index, `commit beyond the last index ${log.lastIndex()}`);
  }
  if (log.applied > log.committed) invariantBroken(state, log.applied, "applied beyond commit");
  if (state.role === "leader" && !(state.leader === state.id && state.vote === state.id)) {
    invariantBroken(
      state,
      index,
      `a leader must lead and have voted for itself (leader ${state.leader}, vote ${state.vote})`,
    );
  }
  if (state.role === "candidate" && !(state.vote === state.id && state.leader === null)) {
    invariantBroken(
      state,
      index,
      `a candidate must have voted for itself and know no leader (vote ${state.vote})`,
    );
  }
}
