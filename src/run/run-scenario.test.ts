import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJsonlHistory } from "../history/jsonl-reader.js";
import {
  applyOverrides,
  loadScenarioFile,
  parseScenarioText,
  ScenarioError,
} from "../scenario/index.js";
import type { RunProgress } from "./progress.js";
import { runFiles } from "./run-directory.js";
import type { RunOutcome } from "./run-options.js";
import { runScenario } from "./run-scenario.js";
import {
  longScenarioText,
  mutantScenarioText,
  passingScenarioText,
  scenarioFromText,
} from "./testing/test-scenarios.js";

const root = mkdtempSync(join(tmpdir(), "raftctl-run-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Seeds tried for a mutant; each catches it with probability about 0.6. */
const mutantSeedsMax = 8;

async function firstCatchingRun(text: string): Promise<RunOutcome> {
  const base = scenarioFromText(text, "mutant.yaml");
  for (let seed = 1; seed <= mutantSeedsMax; seed += 1) {
    const scenario = applyOverrides(base, { seed });
    const outcome = await runScenario({ scenario, scenarioFile: "mutant.yaml", reportRoot: root });
    if (outcome.result.expectationMet) return outcome;
  }
  throw new Error(`no seed of 1..${mutantSeedsMax} caught the mutant`);
}

describe("runScenario", () => {
  it("runs a scenario end to end into its own folder: scenario, schedule, history, events, result, report", async () => {
    const progress: RunProgress[] = [];
    const outcome = await runScenario({
      scenario: scenarioFromText(passingScenarioText, "tiny.yaml"),
      scenarioFile: "tiny.yaml",
      reportRoot: root,
      observer: { progress: (update) => progress.push(update) },
      progressIntervalMs: 20,
    });
    expect(outcome.runDir).toMatch(/tiny[/\\]\d{8}T\d{6}Z-seed3$/);
    for (const file of Object.values(runFiles)) {
      expect(existsSync(join(outcome.runDir, file)), file).toBe(true);
    }
    const folder = outcome.runDir.split(/[/\\]/).pop()!;
    expect(readlinkSync(join(root, "latest"))).toBe(join("tiny", folder));

    const { result } = outcome;
    expect(result).toMatchObject({
      scenario: "tiny",
      scenarioFile: "tiny.yaml",
      seed: 3,
      mode: "sim",
      verdict: "pass",
      exitCode: 0,
      expectationMet: true,
      interrupted: false,
      error: null,
      reproduce: "raftctl run tiny.yaml --seed 3",
      scenarioDurationMs: 3000,
      nodeVersion: process.version,
    });
    expect(result.checks.map((check) => [check.name, check.verdict])).toEqual([
      ["linearizability", "pass"],
      ["invariants", "pass"],
      ["liveness", "pass"],
      ["availability", "skipped"],
      ["elections", "skipped"],
      ["system", "pass"],
    ]);
    expect(result.figures.operations.ok).toBeGreaterThan(100);
    expect(result.figures.faults).toBe(2);
    const stored = JSON.parse(readFileSync(join(outcome.runDir, runFiles.result), "utf8"));
    expect(stored).toEqual(result);

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
    const nemesisRecords = history.records.filter((record) => record.process === "nemesis");
    expect(nemesisRecords.map((record) => record.f)).toEqual(["partition", "crash"]);

    const storedScenario = loadScenarioFile(join(outcome.runDir, runFiles.scenario));
    expect(storedScenario).toEqual(scenarioFromText(passingScenarioText));
    const schedule = JSON.parse(readFileSync(join(outcome.runDir, runFiles.nemesis), "utf8"));
    expect(schedule.actions.map((action: { atMs: number }) => action.atMs)).toEqual([1000, 2000]);

    const running = progress.filter((update) => update.phase === "running");
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((update) => update.nodes.length === 5 && update.seed === 3)).toBe(true);
    expect(progress.some((update) => update.phase === "checking")).toBe(true);
  });

  it("runs the same scenario as real node processes, keeping their data and logs in the run folder", async () => {
    const scenario = applyOverrides(scenarioFromText(passingScenarioText, "tiny.yaml"), {
      mode: "process",
      duration: "2500ms",
    });
    const outcome = await runScenario({
      scenario,
      scenarioFile: "tiny.yaml",
      reportRoot: root,
      reproduceArguments: ["--mode", "process", "--duration", "2500ms"],
    });
    expect(outcome.result).toMatchObject({
      mode: "process",
      error: null,
      reproduce: "raftctl run tiny.yaml --seed 3 --mode process --duration 2500ms",
    });
    expect(outcome.result.checks.map((check) => check.verdict)).toEqual([
      "pass",
      "pass",
      "pass",
      "skipped",
      "skipped",
      "pass",
    ]);
    const nodes = readdirSync(join(outcome.runDir, "nodes")).sort();
    expect(nodes).toEqual([
      "n1",
      "n1.log",
      "n2",
      "n2.log",
      "n3",
      "n3.log",
      "n4",
      "n4.log",
      "n5",
      "n5.log",
    ]);
    const history = readFileSync(join(outcome.runDir, runFiles.history), "utf8");
    expect(history.split("\n")[0]).toContain('"mode":"process"');
  });

  it("reports a mutation the checks catch as a failure that meets the mutant's expectation", async () => {
    const outcome = await firstCatchingRun(mutantScenarioText());
    const { result } = outcome;
    expect(result.verdict).toBe("fail");
    expect(result.expectationMet).toBe(true);
    // The run's own code is its verdict's; the expectation is applied over the scenario's seeds.
    expect(result.exitCode).toBe(1);
    expect(result.error).toBeNull();
    const failed = result.checks.filter((check) => check.verdict === "fail").map((c) => c.name);
    expect(failed.some((name) => name === "invariants" || name === "linearizability")).toBe(true);
    expect(existsSync(join(outcome.runDir, runFiles.reportHtml))).toBe(true);
  });

  it("holds a failing run to the reasons its scenario expects: another reason is a failed expectation, exit 1", async () => {
    const caught = await firstCatchingRun(mutantScenarioText());
    const failedChecks = caught.result.checks.filter((check) => check.verdict === "fail");
    const otherReason = failedChecks.some((check) => check.name === "liveness")
      ? "[linearizability]"
      : "[liveness]";
    const scenario = applyOverrides(scenarioFromText(mutantScenarioText(otherReason)), {
      seed: caught.result.seed,
    });
    const outcome = await runScenario({ scenario, reportRoot: root });
    expect(outcome.result.verdict).toBe("fail");
    expect(outcome.result.expectationMet).toBe(false);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.reproduce).toMatch(/^raftctl replay .*seed\d+(-\d+)?$/);
  });

  it("refuses an unknown mutation before anything runs or is written, naming the valid ones", async () => {
    const scenario = parseScenarioText(
      "name: typo\nduration: 1s\nraft: { mutations: [stale-local-reed] }\n",
      "typo.yaml",
    );
    const attempt = runScenario({ scenario, scenarioFile: "typo.yaml", reportRoot: root });
    await expect(attempt).rejects.toBeInstanceOf(ScenarioError);
    await expect(attempt).rejects.toThrow(
      "typo.yaml:3:21: raft.mutations[0]: unknown mutation `stale-local-reed`; did you mean `stale-local-read`?\n  known mutations: ack-before-fsync, commit-prior-term, election-timer-never-reset, stale-local-read",
    );
    expect(existsSync(join(root, "typo"))).toBe(false);
  });

  it("stops on an abort, checks what there is and writes a partial report marked interrupted, exit 130", async () => {
    const controller = new AbortController();
    const outcome = await runScenario({
      scenario: scenarioFromText(longScenarioText),
      reportRoot: root,
      signal: controller.signal,
      observer: {
        progress: (update) => {
          if (update.scenarioTimeMs > 2000) controller.abort();
        },
      },
      progressIntervalMs: 10,
    });
    expect(outcome.exitCode).toBe(130);
    expect(outcome.result.verdict).toBe("interrupted");
    expect(outcome.result.interrupted).toBe(true);
    expect(outcome.result.checks.find((check) => check.name === "liveness")).toMatchObject({
      verdict: "skipped",
      reason: "the run was interrupted before its final phase",
    });
    expect(outcome.result.checks[0]?.verdict).toBe("pass");
    expect(outcome.result.figures.historyDurationMs).toBeLessThan(60_000);
    expect(readdirSync(outcome.runDir).sort()).toEqual(Object.values(runFiles).sort());
  });

  it("stops a run at its wall-clock cap with the verdict unknown, exit 2", async () => {
    const outcome = await runScenario({
      scenario: scenarioFromText(longScenarioText),
      reportRoot: root,
      wallClockCapMs: 300,
    });
    expect(outcome.exitCode).toBe(2);
    expect(outcome.result.verdict).toBe("unknown");
    expect(outcome.result.interrupted).toBe(true);
    expect(outcome.result.checks.find((check) => check.name === "liveness")?.verdict).toBe(
      "unknown",
    );
  });
});
