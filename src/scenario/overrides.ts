import type { FieldProblem } from "./issues.js";
import { originOf, type ScenarioOrigin } from "./origin.js";
import { placeProblem, resolveScenarioData } from "./resolve.js";
import { ScenarioError, type ScenarioProblem } from "./scenario-error.js";
import { scenarioToInput } from "./to-input.js";
import type { Scenario } from "./types.js";

/** What `raftctl run` lets the command line change, as typed there. */
export interface ScenarioOverrides {
  /** `--duration 10s` */
  duration?: string;
  /** `--seed 42` (a string from the command line, or a number) */
  seed?: number | string;
  /** `--mode process` */
  mode?: string;
}

interface AppliedOverride {
  flag: string;
  field: string;
  text: string;
}

function asSeed(seed: number | string): unknown {
  return typeof seed === "string" && /^\d+$/.test(seed.trim()) ? Number(seed) : seed;
}

function overriddenData(
  data: unknown,
  overrides: ScenarioOverrides,
): {
  data: Record<string, unknown>;
  applied: AppliedOverride[];
} {
  const copy = structuredClone(data) as Record<string, unknown>;
  const cluster = { ...((copy.cluster as Record<string, unknown> | undefined) ?? {}) };
  const applied: AppliedOverride[] = [];
  if (overrides.duration !== undefined) {
    copy.duration = overrides.duration;
    applied.push({ flag: "--duration", field: "duration", text: overrides.duration });
  }
  if (overrides.seed !== undefined) {
    cluster.seed = asSeed(overrides.seed);
    applied.push({ flag: "--seed", field: "cluster.seed", text: String(overrides.seed) });
  }
  if (overrides.mode !== undefined) {
    cluster.mode = overrides.mode;
    applied.push({ flag: "--mode", field: "cluster.mode", text: overrides.mode });
  }
  if (overrides.seed !== undefined || overrides.mode !== undefined) copy.cluster = cluster;
  return { data: copy, applied };
}

/**
 * A problem with an overridden field is the flag's ("--seed: expected an integer ..."); any
 * other is placed in the file, with a note of the overrides that led to it.
 */
function placeOverrideProblem(
  problem: FieldProblem,
  origin: ScenarioOrigin,
  applied: readonly AppliedOverride[],
): ScenarioProblem {
  const placed = placeProblem(problem, origin);
  const override = applied.find((candidate) => candidate.field === placed.field);
  if (override !== undefined) {
    return { file: override.flag, position: null, field: "", message: placed.message };
  }
  const flags = applied.map(({ flag, text }) => `${flag} ${text}`).join(" ");
  return { ...placed, hint: `with ${flags} from the command line` };
}

/**
 * The scenario with `--duration`, `--seed` and `--mode` applied, validated again as a whole
 * (a shorter duration may cut a fault window; another mode has another default tick). Throws a
 * ScenarioError when the result is not a valid scenario.
 */
export function applyOverrides(scenario: Scenario, overrides: ScenarioOverrides): Scenario {
  const origin = originOf(scenario) ?? {
    fileName: `scenario ${scenario.name}`,
    data: scenarioToInput(scenario),
    source: null,
  };
  const { data, applied } = overriddenData(origin.data, overrides);
  const overridden: ScenarioOrigin = { ...origin, data };
  const resolution = resolveScenarioData(overridden, (problem) =>
    placeOverrideProblem(problem, overridden, applied),
  );
  if ("problems" in resolution) throw new ScenarioError(resolution.problems);
  return resolution.scenario;
}
