import { afterAll, describe, expect, it } from "vitest";
import type { NodeName } from "../types.js";
import { createProcessCluster, type ProcessCluster } from "./process-cluster.js";
import { KvDriver, makeDataRoot, waitForLeader } from "./testing/kv-driver.js";

const writers = 8;
const loadBeforeFaultMs = 800;

interface Round {
  acknowledged: string[];
  /** Acknowledged keys the surviving majority does not hold. */
  lost: string[];
}

/**
 * One round of the lost-unsynced-writes test: writers put unique keys through the leader; right
 * after an acknowledgement (so the newest acknowledged entries may still be unsynced on the
 * followers), the leader is cut off and both followers are SIGKILLed with their unsynced writes
 * lost. Restarted, the followers elect a leader among themselves, which must hold every write
 * that was acknowledged: a correct Raft acknowledges only what a majority has fsynced.
 */
async function loseUnsyncedRound(cluster: ProcessCluster, round: number): Promise<Round> {
  const leader = await waitForLeader(cluster);
  const followers = cluster.nodes.filter((node) => node !== leader);
  const acknowledged: string[] = [];
  const faultAtMs = cluster.clock.now() + loadBeforeFaultMs;
  let fault: Promise<void> | null = null;
  const cutOffAndCrash = async () => {
    await cluster.partition({ groups: [[leader], followers] });
    await Promise.all(followers.map((node) => cluster.crash(node, { loseUnsynced: true })));
  };
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const client = cluster.client(`round${round}-writer${writer}`);
      for (let sequence = 1; fault === null; sequence++) {
        const key = `r${round}-w${writer}-${sequence}`;
        const value = `${key}-value`;
        const request = { f: "put", key, value } as const;
        const outcome = await client.call(request, { node: leader, sequence, timeoutMs: 1000 });
        if (outcome.type === "ok") acknowledged.push(key);
        if (outcome.type === "fail" && outcome.hint === undefined) break;
        if (fault === null && cluster.clock.now() >= faultAtMs) fault = cutOffAndCrash();
      }
    }),
  );
  await fault;
  await Promise.all(followers.map((node) => cluster.restart(node)));
  const successor = await waitForLeader(cluster, { among: followers });
  const lost = await missingKeys(cluster, { keys: acknowledged, node: successor, round });
  await cluster.heal();
  return { acknowledged, lost };
}

async function missingKeys(
  cluster: ProcessCluster,
  options: { keys: string[]; node: NodeName; round: number },
): Promise<string[]> {
  const lost: string[] = [];
  const readers = 8;
  await Promise.all(
    Array.from({ length: readers }, async (_, reader) => {
      const client = cluster.client(`round${options.round}-reader${reader}`);
      const driver = new KvDriver(cluster, client, { node: options.node });
      for (let index = reader; index < options.keys.length; index += readers) {
        const key = options.keys[index] as string;
        if ((await driver.get(key)) !== `${key}-value`) lost.push(key);
      }
    }),
  );
  return lost;
}

describe("crashes that lose unsynced writes, on real files", () => {
  const roots: (() => void)[] = [];
  const clusters: ProcessCluster[] = [];
  afterAll(async () => {
    for (const cluster of clusters) await cluster.stop();
    for (const remove of roots) remove();
  });

  async function startCluster(label: string, mutations: string[]): Promise<ProcessCluster> {
    const root = makeDataRoot(label);
    roots.push(root.remove);
    const cluster = createProcessCluster({
      seed: 21,
      nodes: 3,
      dataRoot: root.dataRoot,
      raft: { mutations },
    });
    clusters.push(cluster);
    await cluster.start();
    return cluster;
  }

  it("lose no acknowledged write of a correct Raft", async () => {
    const cluster = await startCluster("lose-unsynced", []);
    for (let round = 1; round <= 2; round++) {
      const { acknowledged, lost } = await loseUnsyncedRound(cluster, round);
      expect(acknowledged.length).toBeGreaterThan(20);
      expect(lost).toEqual([]);
    }
    expect(cluster.unexpectedExits()).toEqual([]);
  });

  it("lose acknowledged writes when followers acknowledge before their fsync (ack-before-fsync)", async () => {
    const cluster = await startCluster("ack-before-fsync", ["ack-before-fsync"]);
    const rounds: Round[] = [];
    // Each round's window is a few milliseconds of real timing, so the mutant is given several
    // chances; one loss shows it (the correct Raft above loses nothing in the same rounds).
    for (let round = 1; round <= 5 && !rounds.some((done) => done.lost.length > 0); round++) {
      rounds.push(await loseUnsyncedRound(cluster, round));
    }
    const lost = rounds.flatMap((round) => round.lost);
    expect(
      lost.length,
      `rounds: ${rounds.map((round) => `${round.lost.length}/${round.acknowledged.length}`).join(" ")}`,
    ).toBeGreaterThan(0);
  });
});
