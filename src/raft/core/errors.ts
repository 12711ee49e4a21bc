import type { NodeId } from "./types.js";

/**
 * Input the core refuses: a message from an unknown node, addressed to another node, or of an
 * impossible shape; an invalid configuration or restored state; a call that breaks the Ready
 * contract. The core throws it before changing any state, so the node stays usable.
 * It carries no exit code: the host decides whether the input was the user's fault.
 */
export class RaftInputError extends Error {
  override readonly name = "RaftInputError";
  readonly node: NodeId;

  constructor(node: NodeId, message: string) {
    super(`raft node ${node}: ${message}`);
    this.node = node;
  }
}

/**
 * A Raft invariant (Figure 2 and section 5 of the Raft paper) would break. Thrown at once, with
 * the node, its term and the log index concerned. In normal use this is a bug in the core or in
 * its host; with mutations switched on it is a found violation.
 */
export class RaftInvariantError extends Error {
  override readonly name = "RaftInvariantError";
  readonly node: NodeId;
  readonly term: number;
  readonly index: number;

  constructor(options: { node: NodeId; term: number; index: number; message: string }) {
    super(
      `raft invariant broken on node ${options.node} (term ${options.term}, index ${options.index}): ${options.message}`,
    );
    this.node = options.node;
    this.term = options.term;
    this.index = options.index;
  }
}
