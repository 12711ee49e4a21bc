import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createProcessCluster } from "./process-cluster.js";
import { makeDataRoot } from "./testing/kv-driver.js";

/**
 * A stop that comes while the cluster starts (an early Ctrl-C) ends every node, also those the
 * start spawns after it, before either returns; the start then fails as stopped. Before, the
 * start went on, spawned the rest and declared the cluster running after its stop, leaving nodes
 * alive until raftctl itself exited. Linux only: the nodes are found in /proc.
 */

const onLinux = process.platform === "linux" && fs.existsSync("/proc/self/cmdline");

/** Live processes (not zombies) whose command line names `text`: the cluster's nodes. */
function processesNaming(text: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat[stat.lastIndexOf(")") + 2] !== "Z" && commandLine.includes(text)) {
        found.push(Number(entry));
      }
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const roots: ReturnType<typeof makeDataRoot>[] = [];
afterAll(() => {
  for (const root of roots) root.remove();
});

describe.skipIf(!onLinux)("a process cluster stopped while it starts", () => {
  for (const when of ["at once", "once its first node runs"] as const) {
    it(`leaves no node running when stopped ${when}, and its start fails as stopped`, async () => {
      const root = makeDataRoot("stop-while-starting");
      roots.push(root);
      const cluster = createProcessCluster({ seed: 9, nodes: 3, dataRoot: root.dataRoot });
      const starting = cluster.start().then(
        () => "started",
        (error: Error) => error.name,
      );
      if (when === "once its first node runs") {
        for (let round = 0; round < 3000 && processesNaming(root.dataRoot).length === 0; round++) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      await cluster.stop();
      expect(await starting).toBe("ProcessClusterStoppedError");
      expect(cluster.stopped).toBe(true);
      expect(processesNaming(root.dataRoot)).toEqual([]);
    }, 60_000);
  }
});
