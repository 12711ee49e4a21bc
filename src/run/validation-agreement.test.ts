import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveNemesisSchedule } from "../chaos/index.js";
import { Rng } from "../cluster/rng.js";
import { parseScenarioText, type Scenario, ScenarioError } from "../scenario/index.js";
import { runCapabilities } from "./capabilities.js";
import { runScenario } from "./run-scenario.js";

/**
 * `validate` and `run` accept exactly the same scenarios (DESIGN.md, "Validation"). Scenarios are
 * generated around the edges — durations from a microsecond to 10000h for ticks, timeouts,
 * periods, windows and random ranges — and whatever validation accepts must resolve and run without
 * raftctl failing; what the run would refuse, validation refuses first.
 */

const root = mkdtempSync(join(tmpdir(), "raftctl-agreement-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const full = process.env.RAFTCTL_TEST_FULL === "1";

const tinyDurations = ["1us", "999us", "1ms", "1500us", "2ms"];
const windowDurations = ["1us", "1ms", "1500us", "50ms", "300ms"];
const periods = [...tinyDurations, "100ms", "1s", "2s"];
const longDurations = ["1s", "24h", "25h", "10000h"];

function choose<T>(rng: Rng, values: readonly T[]): T {
  return values[rng.int(0, values.length)] as T;
}

/** One generated scenario: a short sim run with one nemesis item at the edges of what is allowed. */
function generatedScenarioText(rng: Rng, index: number): string {
  const lines = [
    `name: generated-${index}`,
    `duration: ${choose(rng, ["1s", "2s", "11s"])}`,
    `cluster: { nodes: 3, tick: ${choose(rng, ["1us", "500us", "1ms", "10ms"])} }`,
    `workload: { clients: 2, rate: 20, timeout: ${choose(rng, ["1us", "1ms", "500ms", ...longDurations])} }`,
    `checks: { recoverWithin: ${choose(rng, ["1us", "5s", ...longDurations])} }`,
  ];
  const kind = choose(rng, ["none", "periodic", "random", "once"]);
  if (kind === "periodic") {
    const every = choose(rng, periods);
    lines.push(
      `nemesis:\n  - { every: ${every}, fault: pause, for: ${choose(rng, windowDurations)} }`,
    );
  } else if (kind === "random") {
    const every = [choose(rng, periods), choose(rng, periods)].join(", ");
    const window = [choose(rng, windowDurations), choose(rng, windowDurations)].join(", ");
    lines.push(`nemesis:\n  - random: { faults: [pause], every: [${every}], for: [${window}] }`);
  } else if (kind === "once") {
    const at = choose(rng, ["1us", "1ms", "500ms", "25h"]);
    lines.push(
      `nemesis:\n  - { at: ${at}, fault: crash, restartAfter: ${choose(rng, windowDurations)} }`,
    );
  }
  if (rng.float() < 0.1)
    lines.push(`raft: { mutations: [${choose(rng, ["no-such-bug", "commit-prior-term"])}] }`);
  return `${lines.join("\n")}\n`;
}

function generatedScenarios(count: number): { text: string; scenario: Scenario | null }[] {
  const rng = Rng.fromSeed(20261208);
  return Array.from({ length: count }, (_, index) => {
    const text = generatedScenarioText(rng, index);
    try {
      return {
        text,
        scenario: parseScenarioText(text, `generated-${index}.yaml`, runCapabilities()),
      };
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      return { text, scenario: null };
    }
  });
}

describe("validate and run agree", () => {
  const cases = generatedScenarios(full ? 2000 : 400);

  it("generates both kinds: scenarios validation accepts and scenarios it refuses", () => {
    const accepted = cases.filter((generated) => generated.scenario !== null).length;
    expect(accepted).toBeGreaterThan(cases.length / 10);
    expect(cases.length - accepted).toBeGreaterThan(cases.length / 10);
  });

  it("every accepted scenario's nemesis schedule resolves, whatever the seed draws", () => {
    for (const { text, scenario } of cases) {
      if (scenario === null) continue;
      for (let seed = 1; seed <= 5; seed += 1) {
        const rng = Rng.fromSeed(seed);
        expect(
          () =>
            resolveNemesisSchedule(scenario.nemesis, {
              random: () => rng.float(),
              durationMs: scenario.durationMs,
              nodes: scenario.cluster.nodeIds,
            }),
          text,
        ).not.toThrow();
      }
    }
  });

  it(
    "accepted scenarios run in sim without raftctl failing (never exit 70)",
    async () => {
      const runnable = cases
        .filter((generated) => generated.scenario !== null)
        .filter((generated) => generated.scenario!.durationMs <= 2000)
        .slice(0, full ? 40 : 4);
      for (const { text, scenario } of runnable) {
        const outcome = await runScenario({ scenario: scenario!, reportRoot: root });
        expect(outcome.result.error, text).toBeNull();
        expect(outcome.exitCode, text).not.toBe(70);
      }
    },
    full ? 1_800_000 : 240_000,
  );
});
