/**
 * porcupine-ts: a linearizability checker after Porcupine and Knossos (Wing & Gong's search
 * with Lowe's memoization), self-contained: it imports nothing else from raftctl and has no
 * runtime dependency. This file is its one entry point, for raftctl's rooms as for the
 * package's users (package.json beside it); what it does not export is internal. The guide is
 * docs/checker-api.md.
 */
export { checkEvents, checkOperations, combineVerdicts } from "./check.js";
export { combineHashes, hashNumber, hashString, mixHash } from "./hash.js";
export type {
  AnyModel,
  GrowthKnowledge,
  Model,
  NondeterministicModel,
  PartitionSpec,
} from "./model.js";
export { keyedModel, partitionByKey } from "./models/keyed.js";
export { type KvInput, type KvKeyState, type KvValue, kvKeyModel } from "./models/kv.js";
export { createKvMapModel, type KvMapState, kvMapModel } from "./models/kv-map.js";
export { powerSetModel } from "./models/power-set.js";
export { casRegisterModel, type RegisterInput, registerModel } from "./models/register.js";
export {
  type ExactNumberValue,
  type ModelOutput,
  sameValue,
  unknownOutput,
  type Value,
} from "./models/values.js";
export {
  CheckerInputError,
  eventsToOperations,
  type HistoryEvent,
  type Operation,
} from "./operation.js";
export { type CheckOptions, defaultMemoryBytes } from "./options.js";
export type {
  CheckedOperation,
  CheckResult,
  Counterexample,
  CounterexampleEnding,
  LinearizationStep,
  MinimalHistory,
  PartitionResult,
  UnknownReason,
  Verdict,
} from "./result.js";
export { describeFailure, describeVerdict, type TextReportOptions } from "./text-report.js";
export {
  renderVisualizationPage,
  renderVisualizationSection,
  type VisualizationAnnotation,
} from "./visualization/index.js";
