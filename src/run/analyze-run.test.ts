import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../report/index.js";
import { analyzeRun } from "./analyze-run.js";
import { RunDirectoryError } from "./errors.js";
import { runFiles } from "./run-directory.js";
import type { RunOutcome } from "./run-options.js";
import { runScenario } from "./run-scenario.js";
import {
  longScenarioText,
  passingScenarioText,
  scenarioFromText,
} from "./testing/test-scenarios.js";

const root = mkdtempSync(join(tmpdir(), "raftctl-analyze-"));
let finished: RunOutcome;

beforeAll(async () => {
  finished = await runScenario({
    scenario: scenarioFromText(passingScenarioText, "tiny.yaml"),
    scenarioFile: "tiny.yaml",
    reportRoot: root,
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of a run folder (same folder name), so a test can damage it. */
function copyOfRun(runDir: string, name: string): string {
  const copy = join(root, "copies", name, basename(runDir));
  cpSync(runDir, copy, { recursive: true });
  return copy;
}

/** Rewrites a run folder's stored result.json through `edit`. */
function editStoredResult(runDir: string, edit: (result: RunResult) => unknown): void {
  const path = join(runDir, runFiles.result);
  const result = JSON.parse(readFileSync(path, "utf8")) as RunResult;
  writeFileSync(path, JSON.stringify(edit(result)));
}

/** Cuts a file in the middle of its last line, as a killed writer leaves it. */
function cutLastLine(path: string): void {
  const text = readFileSync(path, "utf8");
  const lastLineStart = text.lastIndexOf("\n", text.length - 2) + 1;
  writeFileSync(path, text.slice(0, lastLineStart + 10));
}

describe("analyzeRun", () => {
  it("re-checks a finished run to the same checks and figures, and rewrites its report", async () => {
    const copy = copyOfRun(finished.runDir, "finished");
    rmSync(join(copy, runFiles.reportHtml));
    const outcome = await analyzeRun(copy, { write: true });
    const verdicts = (checks: typeof outcome.result.checks) =>
      checks.map((check) => [check.name, check.verdict, check.reason]);
    expect(verdicts(outcome.result.checks)).toEqual(verdicts(finished.result.checks));
    expect(outcome.result.figures).toEqual(finished.result.figures);
    expect(outcome.result).toMatchObject({
      verdict: "pass",
      exitCode: 0,
      interrupted: false,
      startedAt: finished.result.startedAt,
      reproduce: "raftctl run tiny.yaml --seed 3",
    });
    expect(outcome.warnings).toEqual([]);
    expect(existsSync(join(copy, runFiles.reportHtml))).toBe(true);
    const rewritten = JSON.parse(readFileSync(join(copy, runFiles.result), "utf8"));
    expect(rewritten).toEqual(outcome.result);
  });

  it("only prints when told not to write", async () => {
    const copy = copyOfRun(finished.runDir, "no-write");
    const before = statSync(join(copy, runFiles.result)).mtimeMs;
    rmSync(join(copy, runFiles.junit));
    await analyzeRun(copy, { write: false });
    expect(existsSync(join(copy, runFiles.junit))).toBe(false);
    expect(statSync(join(copy, runFiles.result)).mtimeMs).toBe(before);
  });

  it("analyzes an interrupted run as far as it goes, keeping it marked interrupted", async () => {
    const controller = new AbortController();
    const interrupted = await runScenario({
      scenario: scenarioFromText(longScenarioText),
      reportRoot: root,
      signal: controller.signal,
      observer: { progress: (update) => update.scenarioTimeMs > 1500 && controller.abort() },
      progressIntervalMs: 10,
    });
    expect(interrupted.exitCode).toBe(130);
    const outcome = await analyzeRun(interrupted.runDir, { write: true });
    expect(outcome.result.interrupted).toBe(true);
    expect(outcome.result.checks.map((check) => check.verdict)).toEqual([
      "pass",
      "pass",
      "skipped",
      "unknown",
      "unknown",
      "pass",
    ]);
    // 1.5s of a run with a fault every 3s: too little quiet time observed to judge, and what
    // was never observed may have failed: unknown.
    expect(outcome.result).toMatchObject({ verdict: "unknown", exitCode: 2 });
    expect(outcome.exitCode).toBe(2);
  });

  it("analyzes a run cut short by a kill: half-written last lines dropped, no result.json, liveness not observed", async () => {
    const copy = copyOfRun(finished.runDir, "killed");
    for (const file of [runFiles.result, runFiles.reportHtml, runFiles.junit]) {
      rmSync(join(copy, file));
    }
    cutLastLine(join(copy, runFiles.history));
    cutLastLine(join(copy, runFiles.events));
    const outcome = await analyzeRun(copy, { write: true });
    expect(outcome.warnings.join("\n")).toMatch(/result.json: missing/);
    expect(outcome.warnings.join("\n")).toMatch(
      /history.jsonl:\d+: dropped a half-written last line/,
    );
    expect(outcome.warnings.join("\n")).toMatch(
      /events.jsonl:\d+: dropped a half-written last line/,
    );
    expect(outcome.result.interrupted).toBe(true);
    expect(outcome.result.checks.map((check) => [check.name, check.verdict])).toEqual([
      ["linearizability", "pass"],
      ["invariants", "pass"],
      ["liveness", "skipped"],
      ["availability", "skipped"],
      ["elections", "skipped"],
      ["system", "skipped"],
    ]);
    expect(outcome.result).toMatchObject({ verdict: "unknown", exitCode: 2 });
    expect(outcome.result.figures.events).toBe(finished.result.figures.events - 1);
    expect(outcome.result.startedAt).toBe(`${finished.result.startedAt.slice(0, 19)}.000Z`);
    expect(outcome.result.reproduce).toMatch(/^raftctl replay /);
    expect(existsSync(join(copy, runFiles.result))).toBe(true);
  });

  it("never turns a run that ended in raftctl's error into a pass, as it was stored before or now", async () => {
    const stored = [
      { verdict: "pass", exitCode: 70 }, // how such a run used to be stored
      { verdict: "error", exitCode: 70 },
    ];
    for (const [index, fields] of stored.entries()) {
      const copy = copyOfRun(finished.runDir, `errored-${index}`);
      editStoredResult(copy, (result) => ({ ...result, ...fields, error: "Error: boom" }));
      const outcome = await analyzeRun(copy, { write: false });
      expect(outcome.result).toMatchObject({
        verdict: "unknown",
        exitCode: 2,
        interrupted: true,
        error: "Error: boom",
      });
      expect(outcome.exitCode).toBe(2);
    }
  });

  it("keeps a check the stored run failed failed, whatever the re-check finds", async () => {
    const copy = copyOfRun(finished.runDir, "failed");
    editStoredResult(copy, (result) => ({
      ...result,
      verdict: "fail",
      exitCode: 1,
      checks: result.checks.map((check) =>
        check.name === "invariants"
          ? { ...check, verdict: "fail", reason: "log matching broken (node n2, index 7)" }
          : check,
      ),
    }));
    const outcome = await analyzeRun(copy, { write: false });
    expect(outcome.result).toMatchObject({ verdict: "fail", exitCode: 1 });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result.checks.find((check) => check.name === "invariants")).toMatchObject({
      verdict: "fail",
      reason: "log matching broken (node n2, index 7)",
      details: { recheck: { verdict: "pass" } },
    });
  });

  it.each([
    [runFiles.history, "missing"],
    [runFiles.history, "empty"],
    [runFiles.events, "missing"],
    [runFiles.events, "empty"],
  ] as const)("checks nothing when %s is %s: unknown, exit 2, never a pass", async (file, how) => {
    const copy = copyOfRun(finished.runDir, `${file}-${how}`);
    rmSync(join(copy, runFiles.result));
    if (how === "missing") rmSync(join(copy, file));
    else writeFileSync(join(copy, file), "");
    const outcome = await analyzeRun(copy, { write: true });
    expect(outcome.result).toMatchObject({ verdict: "unknown", exitCode: 2 });
    expect(outcome.exitCode).toBe(2);
    const checkOfFile = file === runFiles.history ? "linearizability" : "invariants";
    expect(outcome.result.checks.find((check) => check.name === checkOfFile)).toEqual({
      name: checkOfFile,
      verdict: "unknown",
      reason: `${file} is ${how}: nothing was checked`,
    });
    expect(outcome.warnings).toContain(`${file}: ${how}; nothing in it was checked`);
  });

  it("refuses a folder that is not a run, saying what it lacks", async () => {
    const attempt = analyzeRun(root, { write: false });
    await expect(attempt).rejects.toBeInstanceOf(RunDirectoryError);
    await expect(attempt).rejects.toThrow(/no scenario.yaml here, so it is not a run folder/);
  });
});
