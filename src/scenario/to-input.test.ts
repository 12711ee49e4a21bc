import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./load.js";
import { scenarioSchema } from "./scenario-schema.js";
import { scenarioToInput, stringifyScenario } from "./to-input.js";

const example = `name: round-trip
description: every kind of field
cluster: { mode: process, nodes: 3, seed: 99 }
raft: { electionTicks: 12, heartbeatTicks: 2, mutations: [commit-prior-term], maxInflightBytes: 64KiB }
workload: { kind: kv, mix: { get: 0.2, put: 0.3, append: 0.5 }, timeout: 750ms }
duration: 2m
nemesis:
  - { at: 5s, for: 5s, fault: partition, shape: groups, groups: [[n1], [n2, n3]] }
  - { at: 1s, for: 2s, fault: partition, shape: one-way, target: n2 }
  - { every: 8s, from: 2s, fault: crash, target: majority, tornWrite: true, restartAfter: 1500ms }
  - { random: { faults: [pause, wipe], every: [2s, 6s], for: [1s, 4s] } }
  - { at: 20s, for: 5s, fault: network, reorder: 0.1, links: ["n1->n2"] }
  - { at: 30s, for: 5s, fault: clock-skew, rate: 0.5, target: leader }
  - { at: 40s, fault: wipe, target: n3 }
checks: { linearizable: false, availability: { minOk: 0.5 } }
expect: { verdict: fail, by: [liveness] }
`;

describe("scenarioToInput", () => {
  it("writes a scenario that parses back to an equal scenario", () => {
    const scenario = parseScenarioText(example, "example.yaml");
    expect(scenarioSchema.parse(scenarioToInput(scenario))).toEqual(scenario);
    expect(parseScenarioText(stringifyScenario(scenario), "again.yaml")).toEqual(scenario);
  });

  it("round-trips scenarios drawn at random", () => {
    const durationMs = fc.integer({ min: 1, max: 600_000 });
    const scenarioInput = fc.record({
      name: fc.constantFrom("a", "drawn-scenario"),
      cluster: fc.record({
        mode: fc.constantFrom("sim", "process"),
        nodes: fc.integer({ min: 1, max: 9 }),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      }),
      workload: fc.record({
        kind: fc.constantFrom("register", "cas-register", "kv"),
        rate: fc.double({ min: 0.5, max: 1000, noNaN: true }),
        timeout: durationMs.map((ms) => `${ms}ms`),
      }),
      network: fc.record({ drop: fc.double({ min: 0, max: 1, noNaN: true }) }),
      duration: fc.integer({ min: 60_000, max: 600_000 }).map((ms) => `${ms}ms`),
      nemesis: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 30_000 }).map((ms) => `${ms}ms`),
          for: fc.integer({ min: 1, max: 29_000 }).map((ms) => `${ms}ms`),
          fault: fc.constantFrom("pause", "clock-skew"),
          rate: fc.constantFrom(0.5, 2, 3),
        }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(scenarioInput, (input) => {
        const items = input.nemesis.map((item) =>
          item.fault === "pause" ? { ...item, rate: undefined } : item,
        );
        const scenario = scenarioSchema.parse({ ...input, nemesis: items });
        expect(scenarioSchema.parse(scenarioToInput(scenario))).toEqual(scenario);
      }),
      { numRuns: 100 },
    );
  });
});
