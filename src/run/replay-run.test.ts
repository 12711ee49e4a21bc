import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RunDirectoryError } from "./errors.js";
import { firstDifference, replayRun } from "./replay-run.js";
import { runScenario } from "./run-scenario.js";
import { resolveRunDirectory } from "./stored-run.js";
import {
  longScenarioText,
  passingScenarioText,
  scenarioFromText,
} from "./testing/test-scenarios.js";

const root = mkdtempSync(join(tmpdir(), "raftctl-replay-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("replayRun", () => {
  it("re-runs a sim run into a new folder with a byte-identical history and event stream", async () => {
    const original = await runScenario({
      scenario: scenarioFromText(passingScenarioText, "tiny.yaml"),
      scenarioFile: "tiny.yaml",
      reportRoot: root,
    });
    // Through `latest`, as a user would type it: the replay still lands beside the original.
    const outcome = await replayRun(join(root, "latest"));
    expect(outcome.differences).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.replay.runDir).not.toBe(original.runDir);
    expect(outcome.replay.runDir.startsWith(join(root, "tiny"))).toBe(true);
    expect(outcome.replay.result.verdict).toBe(original.result.verdict);
    expect(outcome.replay.result.reproduce).toMatch(/^raftctl replay .*seed3$/);
  });

  it("refuses to replay a run that was cut short", async () => {
    const controller = new AbortController();
    controller.abort();
    const interrupted = await runScenario({
      scenario: scenarioFromText(longScenarioText),
      reportRoot: root,
      signal: controller.signal,
    });
    await expect(replayRun(interrupted.runDir)).rejects.toBeInstanceOf(RunDirectoryError);
  });
});

describe("resolveRunDirectory", () => {
  it("follows latest as a file holding the run folder's path, where symlinks cannot be made", () => {
    const latest = join(root, "latest-as-file");
    writeFileSync(latest, `${join("tiny", "20260101T000000Z-seed3")}\n`);
    expect(resolveRunDirectory(latest)).toBe(join(root, "tiny", "20260101T000000Z-seed3"));
    expect(resolveRunDirectory(join(root, "missing"))).toBe(join(root, "missing"));
  });
});

describe("firstDifference", () => {
  it("names the first line where two files differ, and nothing for identical files", () => {
    const left = join(root, "left.jsonl");
    const right = join(root, "right.jsonl");
    writeFileSync(left, "a\nb\nc\n");
    writeFileSync(right, "a\nb\nc\n");
    expect(firstDifference("x.jsonl", left, right)).toBeNull();
    writeFileSync(right, "a\nB\nc\n");
    expect(firstDifference("x.jsonl", left, right)).toEqual({
      file: "x.jsonl",
      line: 2,
      original: "b",
      replayed: "B",
    });
    writeFileSync(right, "a\nb\n");
    expect(firstDifference("x.jsonl", left, right)).toMatchObject({
      line: 3,
      original: "c",
      replayed: "",
    });
  });
});
