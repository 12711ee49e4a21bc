/**
 * Scenarios: the YAML schema, loading with precise errors, overrides, and the JSON Schema for
 * editors. This room imports nothing else from src/.
 */

export type { RunCapabilities } from "./capabilities.js";
export { failureReasons } from "./checks.js";
export { defaultTickMsByMode, maximumNodes, maximumSeed } from "./cluster.js";
export { defaultRestartAfterMs } from "./faults.js";
export { type NodeId, nodeIdsOf } from "./fields.js";
export {
  scenarioFieldPaths,
  scenarioJsonSchema,
  scenarioJsonSchemaText,
} from "./json-schema.js";
export {
  checkScenarioFiles,
  type LoadedScenario,
  listScenarioFiles,
  loadScenarioFile,
  maximumScenarioFileBytes,
  parseScenarioText,
  type ScenarioFileCheck,
  validateScenarioFiles,
} from "./load.js";
export { chosenTargets, faultKinds, partitionShapes } from "./nemesis-input.js";
export { applyOverrides, type ScenarioOverrides } from "./overrides.js";
export { assertScenarioRunnable } from "./runnable.js";
export { ScenarioError, type ScenarioProblem } from "./scenario-error.js";
export { maximumDurationMs, scenarioSchema } from "./scenario-schema.js";
export { scenarioToInput, stringifyScenario } from "./to-input.js";
export type * from "./types.js";
export { formatDurationMs, parseDurationMs, parseSizeBytes, UnitParseError } from "./units.js";
export { defaultMixByKind, workloadKinds } from "./workload.js";
