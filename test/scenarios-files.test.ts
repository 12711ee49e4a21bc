import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../src/scenario/index.js";
import {
  mutantsDirectory,
  scenarioNamesIn,
  scenarioPath,
  scenariosDirectory,
} from "./support/scenario-runs.js";
import { shippedScenarioGroups } from "./support/shipped-scenarios.js";

/** The scenarios issue 4 asks to ship, and the mutants: one per named mutation, and wipe. */
const requiredShipped = [
  "quickstart",
  "leader-partition",
  "majorities-ring",
  "bridge",
  "one-way",
  "crash-restart",
  "lose-unsynced",
  "torn-write",
  "flaky-network",
  "pause",
  "clock-skew",
  "figure8-churn",
  "mix",
];
const requiredMutants = [
  "ack-before-fsync",
  "commit-prior-term",
  "election-timer-never-reset",
  "stale-local-read",
  "wipe",
];

describe("the scenario files", () => {
  it("scenarios/ holds the shipped scenarios, each run by exactly one test group", () => {
    const grouped = Object.values(shippedScenarioGroups).flat();
    expect([...grouped].sort()).toEqual(scenarioNamesIn(scenariosDirectory));
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(scenarioNamesIn(scenariosDirectory)).toEqual(expect.arrayContaining(requiredShipped));
  });

  it("scenarios/mutants/ holds a mutant for each named mutation and for wipe", () => {
    expect(scenarioNamesIn(mutantsDirectory)).toEqual(expect.arrayContaining(requiredMutants));
  });

  for (const name of scenarioNamesIn(scenariosDirectory)) {
    it(`${name} is valid, named after its file, described, links the JSON Schema and expects to pass`, () => {
      const file = scenarioPath(scenariosDirectory, name);
      const scenario = loadScenarioFile(file);
      expect(scenario.name).toBe(name);
      expect(scenario.description.length).toBeGreaterThan(40);
      expect(firstLine(file)).toBe(
        "# yaml-language-server: $schema=../schema/scenario.schema.json",
      );
      expect(scenario.expect).toEqual({ verdict: "pass" });
      expect(scenario.raft.mutations).toEqual([]);
      expect(scenario.nemesis.length).toBeGreaterThan(0);
    });
  }

  for (const name of scenarioNamesIn(mutantsDirectory)) {
    it(`mutant ${name} is valid, named after its file, says why it must fail and expects failure`, () => {
      const file = scenarioPath(mutantsDirectory, name);
      const scenario = loadScenarioFile(file);
      expect(scenario.name).toBe(name);
      expect(scenario.description.length).toBeGreaterThan(40);
      expect(firstLine(file)).toBe(
        "# yaml-language-server: $schema=../../schema/scenario.schema.json",
      );
      expect(scenario.expect.verdict).toBe("fail");
      const named = scenario.raft.mutations.includes(name);
      const wipes = scenario.nemesis.some(
        (item) => item.schedule !== "random" && item.fault.kind === "wipe",
      );
      expect(named || wipes).toBe(true);
    });
  }
});

function firstLine(file: string): string {
  return readFileSync(file, "utf8").split("\n", 1)[0] ?? "";
}
