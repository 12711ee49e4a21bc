import type { NodeFailureError } from "../../cluster/node-failure.js";
import { type CheckReport, runVerdictExitCodes } from "../../report/index.js";

/**
 * The system check: did a node of the system under test fail on its own — refuse to start (a
 * corrupt log), or die unasked? That is a found bug (`expect.by: system-error`), never raftctl's
 * error. A node that died of an I/O failure outside raftctl's control (disk full) proves nothing
 * either way: unknown, and the run's verdict is `io-failure`. A Raft assertion that fired is the
 * invariants check's, not this one's.
 */
export function checkSystem(input: {
  failure: NodeFailureError | null;
  /** Where the node's own log is, to name in the reason (process mode); null when none. */
  nodeLog: string | null;
}): CheckReport {
  const { failure } = input;
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
  if (failure.exitCode === runVerdictExitCodes["io-failure"]) {
    const reason = `${failure.message}, an I/O failure outside raftctl's control${log}`;
    return { name: "system", verdict: "unknown", reason, details };
  }
  return { name: "system", verdict: "fail", reason: `${failure.message}${log}`, details };
}
