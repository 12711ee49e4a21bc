import type { NodeStatus } from "../cluster/types.js";
import type { RunResult } from "../report/index.js";

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
  /** Cluster time since the start (virtual in sim mode). */
  scenarioTimeMs: number;
  durationMs: number;
  nodes: NodeStatus[];
  /** Human labels of the faults active now, e.g. "partition isolate-leader (n3)". */
  activeFaults: string[];
  counts: { ok: number; fail: number; info: number };
}

export interface RunObserver {
  /** About ten times a second of wall time, and at each change of phase. */
  progress?(progress: RunProgress): void;
  /** Once, with the result written to the run's folder. */
  finished?(result: RunResult): void;
}
