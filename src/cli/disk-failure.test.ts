import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raftctl } from "./testing/spawn-raftctl.js";

/**
 * A disk that fills up under a run (DESIGN.md, "Reports and exit codes": exit 74): one line
 * naming the file and the cause, no stack trace; the partial run folder still analyzes; `latest`
 * stays on the last complete run. The report root is a tmpfs of 384 KiB, which a short run fills
 * (its history and events alone are larger); mounting needs root, so the test says why it skips
 * without (CI runs as root).
 */

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-disk-full-"));
const root = path.join(directory, "reports");

function tryMount(): string | null {
  if (process.platform !== "linux") return "mounting a tmpfs needs Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  fs.mkdirSync(root);
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=384k", "tmpfs", root]);
  return mounted.status === 0 ? null : `mount failed: ${mounted.stderr}`;
}

const cannotMount = tryMount();
if (cannotMount !== null) console.warn(`skipping the disk-full tests: ${cannotMount}`);

const smallScenario = `name: small
cluster: { nodes: 3 }
workload: { kind: cas-register, keys: 2, clients: 2, rate: 20, timeout: 1s }
duration: 1s
checks: { linearizable: { timeout: 10s }, invariants: true, recoverWithin: 5s, availability: false, elections: false }
`;

const largeScenario = `name: large
cluster: { nodes: 5 }
workload: { kind: cas-register, keys: 8, clients: 10, rate: 200, timeout: 1s }
duration: 20s
checks: { linearizable: { timeout: 10s }, invariants: true, recoverWithin: 5s, availability: false, elections: false }
`;

beforeAll(() => {
  fs.writeFileSync(path.join(directory, "small.yaml"), smallScenario);
  fs.writeFileSync(path.join(directory, "large.yaml"), largeScenario);
});

afterAll(() => {
  if (cannotMount === null) spawnSync("umount", [root]);
  fs.rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(cannotMount !== null)("a run whose disk fills up", () => {
  it("exits 74 with one line naming the file and ENOSPC; the partial run analyzes; latest stays on the complete run", async () => {
    const small = await raftctl(["run", path.join(directory, "small.yaml"), "--report-dir", root]);
    expect(small.exitCode, small.stderr).toBe(0);
    const latestBefore = fs.realpathSync(path.join(root, "latest"));
    expect(latestBefore).toContain(`${path.sep}small${path.sep}`);

    const large = await raftctl(["run", path.join(directory, "large.yaml"), "--report-dir", root]);
    expect(large.exitCode, large.stderr).toBe(74);
    const lines = large.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^raftctl: cannot write .*large.*(history|events)\.jsonl: no space left on the device \(ENOSPC\)$/,
    );

    // `latest` never points at the broken folder.
    expect(fs.realpathSync(path.join(root, "latest"))).toBe(latestBefore);

    const [largeRun] = fs.readdirSync(path.join(root, "large"));
    const runDir = path.join(root, "large", largeRun as string);
    expect(fs.readdirSync(runDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    const analyzed = await raftctl(["analyze", runDir, "--no-write", "--json"]);
    expect([0, 1, 2], analyzed.stderr).toContain(analyzed.exitCode);
    expect(JSON.parse(analyzed.stdout)).toMatchObject({ scenario: "large" });
  }, 180_000);
});
