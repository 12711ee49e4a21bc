/**
 * A peer message the node refused: bytes that do not decode, or a message the core rejects (an
 * unknown sender, another addressee, an impossible shape). The node's state is untouched; the
 * host counts it and carries on, as a real node drops a garbled frame.
 */
export class MessageRejectedError extends Error {
  override name = "MessageRejectedError";
  constructor(
    readonly node: string,
    detail: string,
    override readonly cause: unknown,
  ) {
    super(`node ${node} rejected a message: ${detail}`);
  }
}

/** A client request frame that does not decode: it cannot even be answered (no request id). */
export class ClientFrameRejectedError extends Error {
  override name = "ClientFrameRejectedError";
  constructor(
    readonly node: string,
    detail: string,
    override readonly cause: unknown,
  ) {
    super(`node ${node} rejected a client frame: ${detail}`);
  }
}

/** The host's own bookkeeping broke an invariant: a bug, thrown with node, term and index. */
export class ReplicaInvariantError extends Error {
  override name = "ReplicaInvariantError";
  constructor(options: { node: string; term: number; index: number; message: string }) {
    super(
      `node host invariant broken on node ${options.node} (term ${options.term}, index ${options.index}): ${options.message}`,
    );
  }
}
