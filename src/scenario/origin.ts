import type { RunCapabilities } from "./capabilities.js";
import type { Scenario } from "./types.js";
import type { YamlSource } from "./yaml-source.js";

/**
 * Where a resolved scenario came from: its file, the data as written, and its YAML positions.
 * Kept beside the scenario rather than in it, so the resolved scenario stays plain data; an
 * override re-validates the data as written (so `--mode process` still picks process mode's
 * default tick when the file gives none) and places its problems in the file.
 */
export interface ScenarioOrigin {
  fileName: string;
  data: unknown;
  source: YamlSource | null;
  /** What the run can do, when the caller handed it in; overrides are checked against it too. */
  capabilities?: RunCapabilities;
}

const origins = new WeakMap<Scenario, ScenarioOrigin>();

export function rememberOrigin(scenario: Scenario, origin: ScenarioOrigin): Scenario {
  origins.set(scenario, origin);
  return scenario;
}

export function originOf(scenario: Scenario): ScenarioOrigin | undefined {
  return origins.get(scenario);
}
