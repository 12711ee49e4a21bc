import { afterAll, describe, expect, it } from "vitest";
import { planRuns } from "../src/cli/run/run-plan.js";
import { loadScenarioFile } from "../src/scenario/index.js";
import {
  createReportRoot,
  mutantsDirectory,
  removeReportRoot,
  runSeed,
  scenarioPath,
  scenariosDirectory,
  vacuousDirectory,
} from "./support/scenario-runs.js";

/**
 * Runs that look fine to the safety checks and are not. A Raft whose election timer is never
 * reset is linearizable and breaks no invariant, yet keeps electing leaders and refusing
 * service: only the quiet-time checks (elections, availability) can catch it.
 *
 * A run that observed almost nothing is not a pass: `scenarios/vacuous/all-apart.yaml` keeps
 * every node alone for its whole duration, so nearly every operation fails and there is no
 * quiet time. It must end unknown (exit 2), saying too little was observed. It lives in a
 * folder that `raftctl run scenarios` does not enter.
 */

const file = scenarioPath(vacuousDirectory, "all-apart");
const reportRoot = createReportRoot("vacuous");
afterAll(() => removeReportRoot(reportRoot));

describe("a Raft whose election timer is never reset", { timeout: 120_000 }, () => {
  it("passes linearizability, invariants and liveness, and is caught by the elections check", async () => {
    const timerFile = scenarioPath(mutantsDirectory, "election-timer-never-reset");
    const seed = loadScenarioFile(timerFile).cluster.seed;
    const result = await runSeed({ file: timerFile, seed, reportRoot });
    expect(result.error).toBeNull();
    const verdicts = Object.fromEntries(result.checks.map((check) => [check.name, check.verdict]));
    expect(verdicts).toMatchObject({
      linearizability: "pass",
      invariants: "pass",
      liveness: "pass",
      elections: "fail",
    });
    expect(result.expectationMet).toBe(true);
  });
});

describe("a vacuous run", { timeout: 120_000 }, () => {
  it("all-apart ends unknown (exit 2) because too little was observed, not pass", async () => {
    const scenario = loadScenarioFile(file);
    const result = await runSeed({ file, seed: scenario.cluster.seed, reportRoot });
    expect(result.error).toBeNull();
    expect(result.figures.operations.ok).toBeLessThan(result.figures.operations.total / 10);
    expect(result.verdict).toBe("unknown");
    expect(result.exitCode).toBe(2);
    const unknown = result.checks.filter((check) => check.verdict === "unknown");
    expect(unknown.map((check) => check.name).sort()).toEqual(["availability", "elections"]);
    for (const check of unknown) expect(check.reason).toMatch(/^too little observed: /);
    expect(result.checks.filter((check) => check.verdict === "fail")).toEqual([]);
  });

  it("is not among the runs of `raftctl run scenarios`: a folder's scenarios are its own *.yaml only", () => {
    const files = planRuns([scenariosDirectory], {
      seeds: "1",
      jobs: "1",
      reportDir: reportRoot,
    }).map((run) => run.file);
    expect(files.length).toBeGreaterThan(0);
    expect(files.some((planned) => planned.includes("vacuous"))).toBe(false);
    expect(files.some((planned) => planned.includes("mutants"))).toBe(false);
  });
});
