import { capabilityProblems } from "./capabilities.js";
import { type FieldProblem, problemsFromIssues } from "./issues.js";
import { rememberOrigin, type ScenarioOrigin } from "./origin.js";
import { byPosition, formatFieldPath, type ScenarioProblem } from "./scenario-error.js";
import { scenarioSchema } from "./scenario-schema.js";
import type { Scenario } from "./types.js";

export type Resolution = { scenario: Scenario } | { problems: ScenarioProblem[] };

function isMapping(data: unknown): data is Record<string, unknown> {
  return data !== null && typeof data === "object" && !Array.isArray(data);
}

function rootProblem(origin: ScenarioOrigin): ScenarioProblem | null {
  if (origin.data === null || origin.data === undefined) {
    return {
      file: origin.fileName,
      position: null,
      field: "",
      message: "the file holds no scenario; a scenario needs at least name and duration",
    };
  }
  if (isMapping(origin.data)) return null;
  return {
    file: origin.fileName,
    position: origin.source?.locate([], "value") ?? null,
    field: "",
    message:
      "a scenario is a mapping of keys (name, duration, cluster, ...), not a list or a value",
  };
}

/** Places a field problem in the file the scenario came from. */
export function placeProblem(problem: FieldProblem, origin: ScenarioOrigin): ScenarioProblem {
  const placed: ScenarioProblem = {
    file: origin.fileName,
    position: origin.source?.locate(problem.path, problem.anchor) ?? null,
    field: formatFieldPath(problem.path),
    message: problem.message,
  };
  if (problem.hint !== undefined) placed.hint = problem.hint;
  return placed;
}

/**
 * Validates data as written and resolves it, or lists every problem found in it. With the
 * origin's capabilities, a scenario that asks for more than the run can do is refused too.
 */
export function resolveScenarioData(
  origin: ScenarioOrigin,
  place: (problem: FieldProblem) => ScenarioProblem = (problem) => placeProblem(problem, origin),
): Resolution {
  const problem = rootProblem(origin);
  if (problem !== null) return { problems: [problem] };
  const result = scenarioSchema.safeParse(origin.data);
  const problems = result.success
    ? origin.capabilities === undefined
      ? []
      : capabilityProblems(result.data, origin.capabilities)
    : problemsFromIssues(result.error.issues, origin.data);
  if (result.success && problems.length === 0) {
    return { scenario: rememberOrigin(result.data, origin) };
  }
  return { problems: problems.map(place).sort(byPosition) };
}
