import type { NodeStatus } from "../cluster/types.js";

/**
 * What a run tells the command line while it goes and when it ends. The terminal view (ink) and
 * the plain-line reporter both draw from these, so a run never knows how it is shown.
 */

export type RunPhase = "starting" | "running" | "final-reads" | "checking" | "reporting";

export interface RunProgress {
  runKey: string;
  scenario: string;
  seed: number;
  mode: "sim" | "process";
  phase: RunPhase;
  scenarioTimeMs: number;
  durationMs: number;
  nodes: NodeStatus[];
  /** Human labels of the faults active now, e.g. "partition isolate-leader (n3)". */
  activeFaults: string[];
  counts: { ok: number; fail: number; info: number };
}

export type RunVerdict = "pass" | "fail" | "unknown";

export interface FinishedRun {
  runKey: string;
  scenario: string;
  seed: number;
  verdict: RunVerdict;
  /** Whether the scenario's expectation held (a mutant that fails as expected passes). */
  expectationMet: boolean;
  wallTimeMs: number;
  reportDir: string;
  /** The one-line command that reproduces this run. */
  reproduce: string;
  /** One line per check that did not pass: "linearizability: key k3 not linearizable". */
  problems: string[];
}

export interface RunObserver {
  progress(progress: RunProgress): void;
  finished(run: FinishedRun): void;
}
