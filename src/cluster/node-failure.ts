import type { NodeName } from "./types.js";

/** What a node reported as the error it failed of, when it could (name, message, system code). */
export interface NodeFailureCause {
  name: string;
  message: string;
  /** A system error code such as ENOSPC, when the error carried one. */
  code?: string;
}

/**
 * A node of the system under test failed on its own — it refused to start (e.g. on a corrupt
 * log), or its process died unasked — as opposed to raftctl failing. Both cluster modes raise it
 * (a restart that refuses, `failure()`), and a run reports it as a found bug: its `system` check
 * fails (DESIGN.md, "Reports and exit codes").
 *
 * A node that died of an I/O failure outside raftctl's control (disk full, read-only file
 * system) is not this: the run reports it as an IoFailureError (exit 74).
 */
export class NodeFailureError extends Error {
  override name = "NodeFailureError";

  constructor(
    readonly node: NodeName,
    /** Whether the node never got as far as serving (`refused-to-start`) or died later. */
    readonly stage: "refused-to-start" | "died",
    /** The error it reported, or null when it died without a word (a signal, an exit code). */
    readonly fatal: NodeFailureCause | null,
    /** How it ended, when not by a reported error: "exit code 70", "signal SIGSEGV". */
    readonly how: string | null = null,
  ) {
    super(describeNodeFailure(node, stage, fatal, how));
  }
}

function describeNodeFailure(
  node: NodeName,
  stage: NodeFailureError["stage"],
  fatal: NodeFailureCause | null,
  how: string | null,
): string {
  const what = stage === "refused-to-start" ? "refused to start" : "died";
  const why = fatal === null ? "" : `: ${fatal.name}: ${fatal.message}`;
  const ending = how === null ? "" : ` (${how})`;
  return `node ${node} ${what}${ending}${why}`;
}

/** The cause of a node's failure from the error it threw. */
export function nodeFailureCause(error: unknown): NodeFailureCause {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
  };
}
