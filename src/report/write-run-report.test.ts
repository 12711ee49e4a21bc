import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReportWriteError } from "./errors.js";
import { updateLatest } from "./latest-link.js";
import { sampleEvents, sampleHistory, sampleResult } from "./testing/sample-runs.js";
import { writeRunReport } from "./write-run-report.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "raftctl-report-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const input = () => ({ result: sampleResult(), records: sampleHistory(), events: sampleEvents() });

describe("writing a run's report", () => {
  it("writes result.json, report.html and junit.xml and points latest at the run", async () => {
    const runDir = join(root, "leader-partition", "20260102T030405Z-seed7");
    const files = await writeRunReport(runDir, input());
    expect(JSON.parse(await readFile(files.resultJson, "utf8"))).toEqual(sampleResult());
    expect(await readFile(files.reportHtml, "utf8")).toMatch(/^<!DOCTYPE html>/);
    expect(await readFile(files.junitXml, "utf8")).toContain('<testsuite name="leader-partition"');
    expect(files.latestKind).toBe("symlink");
    expect(await readlink(join(root, "latest"))).toBe(
      join("leader-partition", "20260102T030405Z-seed7"),
    );
  });

  it("moves latest to the newest run and leaves no temporary files behind", async () => {
    const first = join(root, "s", "run1");
    const second = join(root, "s", "run2");
    await writeRunReport(first, input());
    await writeRunReport(second, input());
    expect(await readlink(join(root, "latest"))).toBe(join("s", "run2"));
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(root)).sort()).toEqual(["latest", "s"]);
    expect((await readdir(second)).sort()).toEqual(["junit.xml", "report.html", "result.json"]);
  });

  it("leaves latest alone when told to", async () => {
    const files = await writeRunReport(join(root, "s", "run1"), { ...input(), reportRoot: null });
    expect(files.latest).toBeNull();
    await expect(lstat(join(root, "latest"))).rejects.toThrow();
  });

  it("says which folder cannot be written, as a user error", async () => {
    await writeFile(join(root, "not-a-folder"), "");
    const attempt = writeRunReport(join(root, "not-a-folder", "s", "run1"), input());
    await expect(attempt).rejects.toBeInstanceOf(ReportWriteError);
    await expect(attempt).rejects.toThrow(/not-a-folder.*--report-dir/);
  });

  it("never replaces a folder of the user's named latest", async () => {
    await mkdir(join(root, "latest"));
    await expect(updateLatest(root, join(root, "s", "run1"))).rejects.toThrow(/is a directory/);
    expect((await lstat(join(root, "latest"))).isDirectory()).toBe(true);
  });
});
