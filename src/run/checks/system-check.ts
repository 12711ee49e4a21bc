import type { NodeFailureError } from "../../cluster/node-failure.js";
import type { CheckReport } from "../../report/index.js";

/**
 * The system check: did a node of the system under test fail on its own — refuse to start (a
 * corrupt log), or die unasked? That is a found bug (`expect.by: system-error`), never raftctl's
 * error. A run that ended on an I/O failure outside raftctl's control (a disk full under a node
 * or under the run's own files) proves nothing either way: unknown, and the run's verdict is
 * `io-failure`. A Raft assertion that fired is the invariants check's, not this one's.
 */
export function checkSystem(input: {
  failure: NodeFailureError | null;
  /** Where the node's own log is, to name in the reason (process mode); null when none. */
  nodeLog: string | null;
  /** The I/O failure the run ended on, as its one line; null when none. */
  ioFailure: string | null;
}): CheckReport {
  const { failure } = input;
  if (input.ioFailure !== null) {
    const reason = `not judged: the run ended on an I/O failure outside raftctl's control: ${input.ioFailure}`;
    return { name: "system", verdict: "unknown", reason };
  }
  if (failure === null) {
    return { name: "system", verdict: "pass", reason: "no node refused to start or died unasked" };
  }
  const details = {
    node: failure.node,
    stage: failure.stage,
    fatal: failure.fatal,
    how: failure.how,
    ...(input.nodeLog === null ? {} : { log: input.nodeLog }),
  };
  const log = input.nodeLog === null ? "" : `; its log: ${input.nodeLog}`;
  return { name: "system", verdict: "fail", reason: `${failure.message}${log}`, details };
}
