/**
 * The run room's public API: one run end to end (`runScenario`), re-checking a stored run
 * (`analyzeRun`), replaying one (`replayRun`), and the words a run reports progress in.
 */

export { type AnalyzeOutcome, analyzeRun } from "./analyze-run.js";
export { runCapabilities } from "./capabilities.js";
export { RunDirectoryError } from "./errors.js";
export {
  type CheckOutcome,
  type Expectation,
  failureReasons,
  runExpectationMet,
  runVerdict,
  scenarioExitCode,
  verdictExitCode,
} from "./expectation.js";
export { IoFailureError } from "./io-failure.js";
export { knownMutationNames } from "./mutations.js";
export type { RunObserver, RunPhase, RunProgress } from "./progress.js";
export {
  type FileDifference,
  firstDifference,
  type ReplayOutcome,
  replayRun,
} from "./replay-run.js";
export { assertRunnable } from "./run-cluster.js";
export { displayPath, runFiles, utcStamp } from "./run-directory.js";
export {
  defaultWallClockCapMs,
  type RunOutcome,
  type RunScenarioOptions,
} from "./run-options.js";
export {
  buildRunResult,
  type RunResultInput,
  type RunStop,
  reproductionCommand,
} from "./run-result.js";
export { defaultReportRoot, runScenario } from "./run-scenario.js";
export { raftctlVersion } from "./version.js";
