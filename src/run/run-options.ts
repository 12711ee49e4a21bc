import type { CheckResult } from "../checker/index.js";
import type { Cluster } from "../cluster/types.js";
import type { RunResult } from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import type { RunObserver } from "./progress.js";

export interface RunScenarioOptions {
  /** The resolved scenario, overrides (`--seed`, `--duration`, `--mode`) already applied. */
  scenario: Scenario;
  /** The scenario file as the user gave it, for the reproduction line; null for none. */
  scenarioFile?: string | null;
  /** The report root (default `reports`); the run goes to `<root>/<scenario>/<UTC time>-seed<N>/`. */
  reportRoot?: string;
  /** Aborting interrupts the run: it stops, checks what there is and reports it, exit 130. */
  signal?: AbortSignal;
  observer?: RunObserver;
  /** Wall-clock cap; default max(60 s, 20 × duration) in sim mode. Reaching it: verdict unknown. */
  wallClockCapMs?: number;
  /** Flags besides `--seed` that reproduce this run, e.g. `["--duration", "5s"]`. */
  reproduceArguments?: readonly string[];
  /** The reproduction line, instead of the one made from the file, seed and `reproduceArguments`. */
  reproduce?: string;
  /** The key the observer's progress carries (default `<scenario>#<seed>`). */
  runKey?: string;
  /** Wall time between progress reports; default 100 ms. */
  progressIntervalMs?: number;
  /**
   * Called with the run's cluster once it is built, before it starts: tests add through it what
   * no scenario can ask for (a node's log corrupted between its crash and its restart).
   */
  onCluster?: (cluster: Cluster, runDir: string) => void;
}

export interface RunOutcome {
  /** What `result.json` holds. */
  result: RunResult;
  /** The run's folder (as created, not as displayed). */
  runDir: string;
  /** The same as `result.exitCode`: the verdict's code, 0, 1, 2, 64, 70, 74 or 130. */
  exitCode: number;
  /** The checker's full result (counterexamples), or null when linearizability was not checked. */
  linearizability: CheckResult | null;
}

/** The wall-clock cap of a run when none is given. */
export function defaultWallClockCapMs(scenario: Scenario): number {
  const { durationMs } = scenario;
  if (scenario.cluster.mode === "sim") return Math.max(60_000, 20 * durationMs);
  return 3 * (durationMs + scenario.checks.recoverWithinMs) + 60_000;
}
