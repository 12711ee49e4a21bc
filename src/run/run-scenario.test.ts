import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonlHistory } from "../history/jsonl-reader.js";
import { loadScenarioFile, parseScenarioText } from "../scenario/index.js";
import type { RunProgress } from "./progress.js";
import { runFiles } from "./run-directory.js";
import { runScenario } from "./run-scenario.js";

const root = mkdtempSync(join(tmpdir(), "raftctl-run-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tinyScenario = `
name: tiny
duration: 3s
cluster: { nodes: 5, seed: 3 }
workload: { kind: cas-register, keys: 4, clients: 5, rate: 100 }
nemesis:
  - { at: 1s, for: 1s, fault: partition, shape: isolate-leader }
  - { at: 2s, fault: crash, target: random, restartAfter: 500ms }
`;

describe("runScenario", () => {
  it("runs a scenario end to end into its own folder: scenario, schedule, history, events, result, report", async () => {
    const scenario = parseScenarioText(tinyScenario, "tiny.yaml");
    const progress: RunProgress[] = [];
    const outcome = await runScenario({
      scenario,
      scenarioFile: "tiny.yaml",
      reportRoot: root,
      observer: { progress: (update) => progress.push(update) },
      progressIntervalMs: 20,
    });
    expect(outcome.runDir).toMatch(/tiny[/\\]\d{8}T\d{6}Z-seed3$/);
    for (const file of Object.values(runFiles)) {
      expect(existsSync(join(outcome.runDir, file)), file).toBe(true);
    }
    expect(readlinkSync(join(root, "latest"))).toBe(
      join("tiny", outcome.runDir.split(/[/\\]/).pop()!),
    );

    const { result } = outcome;
    expect(result).toMatchObject({
      scenario: "tiny",
      seed: 3,
      mode: "sim",
      verdict: "pass",
      exitCode: 0,
      expectationMet: true,
      interrupted: false,
      error: null,
      reproduce: "raftctl run tiny.yaml --seed 3",
      scenarioDurationMs: 3000,
    });
    expect(result.checks.map((check) => [check.name, check.verdict])).toEqual([
      ["linearizability", "pass"],
      ["invariants", "pass"],
      ["liveness", "pass"],
      ["availability", "pass"],
    ]);
    expect(result.figures.operations.ok).toBeGreaterThan(100);
    expect(result.figures.faults).toBe(2);
    expect(JSON.parse(readFileSync(join(outcome.runDir, runFiles.result), "utf8"))).toEqual(result);

    const history = readJsonlHistory(
      readFileSync(join(outcome.runDir, runFiles.history), "utf8"),
      "history.jsonl",
    );
    expect(history.header).toMatchObject({
      formatVersion: 1,
      scenario: "tiny",
      seed: 3,
      mode: "sim",
      model: "cas-register",
    });
    expect(history.records.filter((record) => record.process === "nemesis")).toHaveLength(2);

    const stored = loadScenarioFile(join(outcome.runDir, runFiles.scenario));
    expect(stored.cluster.seed).toBe(3);
    expect(stored.durationMs).toBe(3000);
    const schedule = JSON.parse(readFileSync(join(outcome.runDir, runFiles.nemesis), "utf8"));
    expect(
      schedule.actions.map((action: { fault: { kind: string } }) => action.fault.kind),
    ).toEqual(["partition", "crash"]);

    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((update) => update.phase === "running" && update.nodes.length === 5)).toBe(
      true,
    );
  });
});
