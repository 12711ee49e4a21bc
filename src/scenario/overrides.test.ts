import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./load.js";
import { applyOverrides } from "./overrides.js";
import { ScenarioError } from "./scenario-error.js";
import { scenarioSchema } from "./scenario-schema.js";

const text = `name: over
duration: 30s
nemesis:
  - { at: 5s, for: 10s, fault: pause }
`;

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error("expected a ScenarioError");
}

describe("applyOverrides", () => {
  const scenario = parseScenarioText(text, "over.yaml");

  it("changes duration, seed and mode and leaves the rest as resolved", () => {
    const overridden = applyOverrides(scenario, { duration: "20s", seed: "42", mode: "process" });
    expect(overridden.durationMs).toBe(20_000);
    expect(overridden.cluster.seed).toBe(42);
    expect(overridden.cluster.mode).toBe("process");
    // The disk's default depends on the mode (checked below), like the tick.
    expect({ ...overridden, durationMs: 0, cluster: null, disk: null }).toEqual({
      ...scenario,
      durationMs: 0,
      cluster: null,
      disk: null,
    });
  });

  it("gives another mode its own default tick unless the file sets one", () => {
    expect(applyOverrides(scenario, { mode: "process" }).cluster.tickMs).toBe(50);
    const withTick = parseScenarioText(`${text}cluster: { tick: 20ms }\n`, "tick.yaml");
    expect(applyOverrides(withTick, { mode: "process" }).cluster.tickMs).toBe(20);
  });

  it("gives another mode its own default disk unless the file sets one", () => {
    expect(scenario.disk.syncLatencyMs).toEqual([1, 4]);
    expect(applyOverrides(scenario, { mode: "process" }).disk.syncLatencyMs).toEqual([0, 0]);
    const withDisk = parseScenarioText(`${text}disk: { syncLatency: [1ms, 4ms] }\n`, "disk.yaml");
    expect(applyOverrides(withDisk, { mode: "process" }).disk.syncLatencyMs).toEqual([1, 4]);
  });

  it("changes nothing without overrides", () => {
    expect(applyOverrides(scenario, {})).toEqual(scenario);
  });

  it("can be applied again to an overridden scenario", () => {
    const once = applyOverrides(scenario, { mode: "process" });
    const twice = applyOverrides(once, { seed: 9 });
    expect(twice.cluster).toMatchObject({ mode: "process", seed: 9, tickMs: 50 });
  });

  it("re-validates the whole scenario and places a problem the override causes in the file", () => {
    expect(messageOf(() => applyOverrides(scenario, { duration: "10s" }))).toBe(
      [
        "over.yaml:4:20: nemesis[0].for: the fault would end at 15s, after the end of the scenario (duration 10s); shorten for or start earlier",
        "  with --duration 10s from the command line",
      ].join("\n"),
    );
  });

  it("names the flag whose value is wrong", () => {
    expect(messageOf(() => applyOverrides(scenario, { seed: "abc" }))).toBe(
      '--seed: expected an integer from 0 to 4294967295, got "abc"',
    );
    expect(messageOf(() => applyOverrides(scenario, { mode: "proces" }))).toBe(
      '--mode: expected one of sim, process, got "proces"; did you mean `process`?',
    );
    expect(messageOf(() => applyOverrides(scenario, { duration: "ten" }))).toBe(
      '--duration: expected a duration such as 500ms, 5s or 2m, got "ten"',
    );
  });

  it("works on a scenario that did not come from a file", () => {
    const built = scenarioSchema.parse({ name: "built", duration: "5s" });
    expect(applyOverrides(built, { seed: 3 }).cluster.seed).toBe(3);
    expect(messageOf(() => applyOverrides(built, { duration: "0s" }))).toBe(
      '--duration: expected a duration longer than 0s, got "0s"',
    );
  });
});
