import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReportWriteError, writeRunReport } from "../report/index.js";
import { sampleEvents, sampleHistory, sampleResult } from "../report/testing/sample-runs.js";
import { IoFailureError, ioFailureOf } from "./io-failure.js";

/**
 * A report folder that turns read-only under a run (after it began writing there) is the
 * environment failing, exit 74 — not the user's choice of folder (exit 64, which a read-only
 * `--report-dir` at the start still is). The run folder is made read-only by a read-only bind
 * mount of itself, which needs root; the test says why it skips without (CI runs as root).
 */

function canBindMount(): string | null {
  if (process.platform !== "linux") return "bind mounts need Linux";
  if (process.getuid?.() !== 0) return "bind mounts need root";
  return null;
}

const cannotMount = canBindMount();
if (cannotMount !== null) console.warn(`skipping the read-only report test: ${cannotMount}`);

let root = "";
const mounted: string[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "raftctl-read-only-"));
});

afterEach(async () => {
  for (const path of mounted.splice(0)) spawnSync("umount", [path]);
  await rm(root, { recursive: true, force: true });
});

function makeReadOnly(path: string): void {
  const bind = spawnSync("mount", ["--bind", path, path]);
  if (bind.status !== 0) throw new Error(`mount --bind failed: ${bind.stderr}`);
  mounted.push(path);
  const readOnly = spawnSync("mount", ["-o", "remount,bind,ro", path]);
  if (readOnly.status !== 0) throw new Error(`remount read-only failed: ${readOnly.stderr}`);
}

const input = () => ({ result: sampleResult(), records: sampleHistory(), events: sampleEvents() });

describe.skipIf(cannotMount !== null)("a report folder that turns read-only mid-run", () => {
  it("is an I/O failure naming result.json and EROFS, and latest stays on the run before", async () => {
    const earlier = join(root, "s", "run1");
    await writeRunReport(earlier, input());
    const runDir = join(root, "s", "run2");
    await mkdir(runDir);
    makeReadOnly(runDir);
    const error = await writeRunReport(runDir, input()).catch((thrown: unknown) => thrown);
    expect(error).not.toBeInstanceOf(ReportWriteError);
    const failure = ioFailureOf(error, runDir);
    expect(failure).toBeInstanceOf(IoFailureError);
    expect(failure?.exitCode).toBe(74);
    expect(failure?.message).toBe(
      `cannot write ${join(runDir, "result.json")}: read-only file system (EROFS)`,
    );
    expect(await readlink(join(root, "latest"))).toBe(join("s", "run1"));
    expect(await readdir(runDir)).toEqual([]);
  });
});
