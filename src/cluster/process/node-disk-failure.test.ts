import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessCluster } from "./process-cluster.js";
import { waitForLeader } from "./testing/kv-driver.js";

/**
 * A node whose disk fills up reports why it dies up the control channel (the system error code
 * and the path), so the harness can tell the environment failing (exit 74) from the system under
 * test failing. The nodes' data root is a tmpfs of 256 KiB, which a stream of puts fills; mounting
 * needs root, so the test says why it skips without (CI runs as root).
 */

const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-node-disk-full-"));

function tryMount(): string | null {
  if (process.platform !== "linux") return "mounting a tmpfs needs Linux";
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dataRoot]);
  return mounted.status === 0 ? null : `mount failed: ${mounted.stderr}`;
}

const cannotMount = tryMount();
if (cannotMount !== null) console.warn(`skipping the node disk-full test: ${cannotMount}`);

afterAll(() => {
  if (cannotMount === null) spawnSync("umount", [dataRoot]);
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

describe.skipIf(cannotMount !== null)("a node whose disk fills up", () => {
  it("reports ENOSPC and the path it was met at before it exits", async () => {
    const cluster = createProcessCluster({ seed: 3, nodes: 1, dataRoot });
    await cluster.start();
    try {
      const leader = await waitForLeader(cluster);
      const client = cluster.client("filler");
      const value = "x".repeat(4096);
      // 256 KiB of disk holds fewer than 64 such entries: bounded by what the disk takes.
      for (let sequence = 1; sequence <= 256; sequence += 1) {
        if (cluster.unexpectedExits().length > 0) break;
        await client.call(
          { f: "put", key: `k${sequence}`, value },
          { node: leader, sequence, timeoutMs: 2000 },
        );
      }
      const [exit] = cluster.unexpectedExits();
      expect(exit?.fatal).toMatchObject({ code: "ENOSPC" });
      expect(exit?.fatal?.path).toContain(dataRoot);
    } finally {
      await cluster.stop();
    }
  }, 120_000);
});
