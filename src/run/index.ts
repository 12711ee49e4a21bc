/**
 * The run room's public API: one run end to end (`runScenario`), re-checking a stored run
 * (`analyzeRun`), replaying one (`replayRun`), and the words a run reports progress in.
 */

export { RunDirectoryError, RunSetupError } from "./errors.js";
export {
  type CheckOutcome,
  type Expectation,
  failureReasons,
  runExpectationMet,
  runVerdict,
  scenarioExitCode,
  verdictExitCode,
} from "./expectation.js";
export { checkMutationNames, knownMutationNames } from "./mutations.js";
export type { RunObserver, RunPhase, RunProgress } from "./progress.js";
export { displayPath, runFiles, utcStamp } from "./run-directory.js";
export {
  defaultWallClockCapMs,
  type RunOutcome,
  type RunScenarioOptions,
} from "./run-options.js";
export { reproductionCommand } from "./run-result.js";
export { defaultReportRoot, runScenario } from "./run-scenario.js";
export { raftctlVersion } from "./version.js";
