import { capabilityProblems, type RunCapabilities } from "./capabilities.js";
import { originOf, type ScenarioOrigin } from "./origin.js";
import { placeProblem } from "./resolve.js";
import { byPosition, ScenarioError } from "./scenario-error.js";
import { scenarioToInput } from "./to-input.js";
import type { Scenario } from "./types.js";

/**
 * Throws a ScenarioError (exit 64) when the scenario asks for more than the run can do, placed
 * in its file when it came from one. The same check `validate` makes, for a scenario that
 * reached the run another way (a library caller, a stored run).
 */
export function assertScenarioRunnable(scenario: Scenario, capabilities: RunCapabilities): void {
  const problems = capabilityProblems(scenario, capabilities);
  if (problems.length === 0) return;
  const origin: ScenarioOrigin = originOf(scenario) ?? {
    fileName: `scenario ${scenario.name}`,
    data: scenarioToInput(scenario),
    source: null,
  };
  throw new ScenarioError(
    problems.map((problem) => placeProblem(problem, origin)).sort(byPosition),
  );
}
