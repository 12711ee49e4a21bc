import { NodeFailureError } from "../cluster/node-failure.js";
import { runVerdictExitCodes } from "../report/index.js";
import { IoFailureError } from "./io-failure.js";
import type { RunProblem } from "./run-result.js";

/** The errors a Raft invariant assertion throws, in the core and in the node host. */
const assertionErrorNames = new Set(["RaftInvariantError", "ReplicaInvariantError"]);

/**
 * What an error that ended a run means for its verdict (DESIGN.md, "Reports and exit codes"):
 * - `assertion`: a Raft invariant assertion fired in a node — a found violation (invariants);
 * - `node-failure`: a node of the system under test refused to start or died — a found bug
 *   (the system check); a node that died of an I/O failure is an IoFailureError instead
 *   (see `unexpectedExitError`), a `problem`;
 * - `time-limit`: the simulator's virtual time limit — like the wall-clock cap, unknown;
 * - `problem`: an I/O failure outside raftctl's control (any error with `exitCode` 74), a bad
 *   input found late (`exitCode` 64), or else raftctl's own failure.
 */
export type RunFailure =
  | { kind: "assertion"; message: string }
  | { kind: "node-failure"; failure: NodeFailureError }
  | { kind: "time-limit" }
  | { kind: "problem"; problem: RunProblem };

export function classifyRunFailure(error: unknown): RunFailure {
  if (error instanceof Error && error.name === "SimulationStoppedError") {
    return { kind: "time-limit" };
  }
  if (error instanceof Error && assertionErrorNames.has(error.name)) {
    return { kind: "assertion", message: error.message };
  }
  if (error instanceof NodeFailureError) return classifyNodeFailure(error);
  return { kind: "problem", problem: problemOf(error) };
}

function classifyNodeFailure(failure: NodeFailureError): RunFailure {
  const { fatal } = failure;
  if (fatal !== null && assertionErrorNames.has(fatal.name)) {
    return { kind: "assertion", message: fatal.message };
  }
  // The harness writes the node's argument vector and chooses its ports: a node refusing them
  // is raftctl's own failure, not the system's.
  if (fatal?.name === "NodeArgumentError" || fatal?.code === "EADDRINUSE") {
    return { kind: "problem", problem: problemOf(failure) };
  }
  return { kind: "node-failure", failure };
}

/** The verdict and line of an error that is not the system's own failure. */
export function problemOf(error: unknown): RunProblem {
  const message = oneLine(error);
  const exitCode = exitCodeOf(error);
  // An IoFailureError's message is already the one line that names the path and the cause.
  if (error instanceof IoFailureError) return { verdict: "io-failure", message: error.message };
  if (exitCode === runVerdictExitCodes["io-failure"]) return { verdict: "io-failure", message };
  if (exitCode === runVerdictExitCodes["bad-input"]) return { verdict: "bad-input", message };
  return { verdict: "error", message };
}

function exitCodeOf(error: unknown): number | undefined {
  const code = (error as { exitCode?: unknown } | null | undefined)?.exitCode;
  return typeof code === "number" ? code : undefined;
}

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split("\n")[0] ?? text;
}
