import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { damageSweep, dataDirectoryDamages } from "../../raft/storage/file/testing/damage-sweep.js";
import { fullDamageSweep } from "../../raft/storage/testing/log-damage.js";
import { createProcessCluster } from "./process-cluster.js";
import { KvDriver, makeDataRoot, waitForLeader } from "./testing/kv-driver.js";

/**
 * The damage sweep over a data directory a real process-mode run left behind: a node's WAL,
 * hard state and synced-length record after a plain crash. Slow (a cluster run, then thousands
 * of recoveries with real fsyncs), so only in the full suite: `npm run test:slow`.
 */
describe.skipIf(!fullDamageSweep)("a damaged data directory from a process-mode run", () => {
  it("recovers identically, cuts only what no fsync covered, or refuses with every file unchanged", async () => {
    const root = makeDataRoot("wal-damage");
    const scratch = makeDataRoot("wal-damage-cases");
    const cluster = createProcessCluster({ seed: 11, nodes: 3, dataRoot: root.dataRoot });
    try {
      await cluster.start();
      const leader = await waitForLeader(cluster);
      const driver = new KvDriver(cluster, cluster.client("c1"), { node: leader });
      let acknowledged = 0;
      for (let index = 0; index < 40; index++) {
        const outcome = await driver.put(`damage-${index}`, `value-${index}`.repeat(index % 7));
        if (outcome.type === "ok") acknowledged += 1;
      }
      expect(acknowledged).toBeGreaterThan(0);
      await cluster.crash(leader); // a plain crash: unsynced writes reach the OS, then SIGKILL
      const dataDirectory = cluster.nodeDataDirectory(leader);
      await cluster.stop();
      const base = path.join(scratch.dataRoot, "base");
      fs.cpSync(dataDirectory, base, { recursive: true });
      const all = Number.POSITIVE_INFINITY; // every damage: this suite is the full sweep
      const targets = dataDirectoryDamages(base, { wal: all, hardState: all, syncedLength: all });
      const tally = await damageSweep(base, targets, scratch.dataRoot);
      console.log(tally.summary(`process-mode data directory of ${leader}`));
      expect(tally.counts["refused-files-unchanged"]).toBeGreaterThan(0);
    } finally {
      await cluster.stop();
      root.remove();
      scratch.remove();
    }
  }, 1_800_000);
});
