import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeEvent } from "../../history/events.js";
import type { NodeName } from "../types.js";
import { createProcessCluster, type ProcessCluster } from "./process-cluster.js";
import { KvDriver, makeDataRoot, waitForLeader } from "./testing/kv-driver.js";

/** Puts `count` keys `<prefix>-<i>` through one driver; returns the keys acknowledged. */
async function putKeys(driver: KvDriver, prefix: string, count: number): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let index = 0; index < count; index++) {
    const key = `${prefix}-${index}`;
    if ((await driver.put(key, `${key}-value`)).type === "ok") acknowledged.push(key);
  }
  return acknowledged;
}

async function expectReadable(driver: KvDriver, keys: readonly string[]): Promise<void> {
  for (const key of keys) expect(await driver.get(key)).toBe(`${key}-value`);
}

describe("a process cluster of three nodes", () => {
  const root = makeDataRoot("process-cluster");
  let cluster: ProcessCluster;
  const events: NodeEvent[] = [];
  let driver: KvDriver;

  beforeAll(async () => {
    cluster = createProcessCluster({ seed: 11, nodes: 3, dataRoot: root.dataRoot });
    cluster.onEvent((event) => events.push(event));
    await cluster.start();
    driver = new KvDriver(cluster, cluster.client("c1"), { node: await waitForLeader(cluster) });
  });

  afterAll(async () => {
    await cluster?.stop();
    root.remove();
  });

  it("elects one leader and serves puts and linearizable gets through its clients", async () => {
    const leader = await waitForLeader(cluster);
    const acknowledged = await putKeys(driver, "basic", 20);
    expect(acknowledged).toHaveLength(20);
    await expectReadable(driver, acknowledged);
    const leaders = (await cluster.status()).filter((status) => status.role === "leader");
    expect(leaders.map((status) => status.node)).toEqual([leader]);
    const follower = cluster.nodes.find((node) => node !== leader) as NodeName;
    const refused = await cluster
      .client("c2")
      .call({ f: "get", key: "basic-0" }, { node: follower, sequence: 1, timeoutMs: 1000 });
    expect(refused).toEqual({ type: "fail", reason: "not-leader", hint: leader });
  });

  it("stamps node events with increasing times and lays out the data directories and logs", () => {
    expect(events.some((event) => event.type === "role" && event.role === "leader")).toBe(true);
    const applied = events.filter((event) => event.type === "apply");
    expect(new Set(applied.map((event) => event.node))).toEqual(new Set(cluster.nodes));
    const times = events.map((event) => event.timeNs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const node of cluster.nodes) {
      expect(fs.existsSync(path.join(root.dataRoot, node, "data", "wal.log"))).toBe(true);
      expect(fs.readFileSync(path.join(root.dataRoot, `${node}.log`), "utf8")).toContain(
        "listening",
      );
    }
  });

  it("keeps every acknowledged write across a plain crash and restart of the leader", async () => {
    const leader = await waitForLeader(cluster);
    const acknowledged = await putKeys(driver, "crash", 10);
    await cluster.crash(leader);
    expect((await cluster.status()).find((status) => status.node === leader)?.up).toBe(false);
    expect(cluster.nodePid(leader)).toBeNull();
    await waitForLeader(cluster, { not: leader });
    await cluster.restart(leader);
    await expectReadable(driver, acknowledged);
    expect(events.filter((event) => event.type === "crash" && event.node === leader)).toHaveLength(
      1,
    );
  });

  it("keeps acknowledged writes when the leader's crash tears its unsynced writes", async () => {
    const leader = await waitForLeader(cluster);
    const load = putKeys(driver, "torn", 30);
    await cluster.clock.sleep(100);
    await cluster.crash(leader, { tornWrite: true });
    const acknowledged = await load;
    await cluster.restart(leader);
    await expectReadable(driver, acknowledged);
    const crash = events.findLast((event) => event.type === "crash" && event.node === leader);
    expect(crash).toMatchObject({ tornWrite: true, loseUnsynced: false });
  });

  it("elects a new leader when the leader is cut off, and the old one follows after heal", async () => {
    const leader = await waitForLeader(cluster);
    const others = cluster.nodes.filter((node) => node !== leader);
    await cluster.partition({ groups: [[leader], others] });
    const successor = await waitForLeader(cluster, { among: others });
    const acknowledged = await putKeys(driver, "partition", 5);
    expect(acknowledged).toHaveLength(5);
    await cluster.heal();
    await waitUntil(async () => {
      const status = (await cluster.status()).find((entry) => entry.node === leader);
      return status?.role === "follower" && status.leader !== leader;
    });
    expect(await waitForLeader(cluster)).not.toBe(leader);
    expect(successor).not.toBe(leader);
    await expectReadable(driver, acknowledged);
  });

  it("replaces a paused leader; calls to it end unknown; resumed, it follows", async () => {
    const leader = await waitForLeader(cluster);
    await cluster.pause(leader);
    expect((await cluster.status()).find((status) => status.node === leader)?.paused).toBe(true);
    const unanswered = await cluster
      .client("c3")
      .call({ f: "put", key: "paused", value: "x" }, { node: leader, sequence: 1, timeoutMs: 300 });
    expect(unanswered.type).toBe("unknown");
    await waitForLeader(cluster, { not: leader });
    const acknowledged = await putKeys(driver, "pause", 5);
    await cluster.resume(leader);
    await waitUntil(async () => {
      const status = (await cluster.status()).find((entry) => entry.node === leader);
      return status?.role === "follower" && status.leader !== null && status.leader !== leader;
    });
    await expectReadable(driver, acknowledged);
  });

  it("restarts a wiped follower from an empty data directory", async () => {
    const leader = await waitForLeader(cluster);
    const follower = cluster.nodes.find((node) => node !== leader) as NodeName;
    await putKeys(driver, "wipe", 3);
    await cluster.wipe(follower);
    expect(fs.existsSync(cluster.nodeDataDirectory(follower))).toBe(false);
    await cluster.restart(follower);
    const restart = events.findLast((event) => event.type === "restart" && event.node === follower);
    expect(restart).toMatchObject({ wiped: true });
    const log = fs.readFileSync(cluster.nodeLogPath(follower), "utf8").trimEnd().split("\n");
    expect(log.findLast((line) => line.includes("listening"))).toContain("recovered 0 records");
    // (A leader that already counted the wiped follower as caught up ignores its refusals, as
    // etcd's Raft does: a correct Raft does not survive losing a disk, which is why wipe exists.)
    expect(await putKeys(driver, "after-wipe", 3)).toHaveLength(3);
  });

  it("skews a node's clock, also one set while the node was paused", async () => {
    const leader = await waitForLeader(cluster);
    const [first, second] = cluster.nodes.filter((node) => node !== leader) as [NodeName, NodeName];
    await cluster.setClockRate(first, 4);
    expect(fs.readFileSync(cluster.nodeLogPath(first), "utf8")).toContain(
      "clock rate 4: a tick every 12.5 ms",
    );
    await cluster.pause(second);
    await cluster.setClockRate(second, 0.5);
    await cluster.resume(second);
    expect(fs.readFileSync(cluster.nodeLogPath(second), "utf8")).toContain(
      "clock rate 0.5: a tick every 100 ms",
    );
    await cluster.setClockRate(first, 1);
    await cluster.setClockRate(second, 1);
  });

  it("reports a node that dies on its own, with its log's tail, and restarts it", async () => {
    const victim = cluster.nodes.find((node) => cluster.nodePid(node) !== null) as NodeName;
    process.kill(cluster.nodePid(victim) as number, "SIGKILL");
    await waitUntil(async () => cluster.unexpectedExits().length === 1);
    const [exit] = cluster.unexpectedExits();
    expect(exit).toMatchObject({ node: victim, signal: "SIGKILL", fatal: null });
    expect(exit?.logTail).toContain("listening");
    const crash = events.findLast((event) => event.type === "crash" && event.node === victim);
    expect(crash).toMatchObject({ loseUnsynced: true });
    await cluster.restart(victim);
    expect(cluster.nodePid(victim)).not.toBeNull();
  });
});

describe("a process cluster's failures and options", () => {
  it("refuses to restart a node whose log is corrupt, naming the file and the offset", async () => {
    const root = makeDataRoot("corrupt");
    const cluster = createProcessCluster({ seed: 5, nodes: 1, dataRoot: root.dataRoot });
    try {
      await cluster.start();
      const driver = new KvDriver(cluster, cluster.client("c1"), { node: "n1" });
      await waitForLeader(cluster);
      await putKeys(driver, "corrupt", 5);
      await cluster.crash("n1");
      const walPath = path.join(cluster.nodeDataDirectory("n1"), "wal.log");
      const bytes = fs.readFileSync(walPath);
      bytes[10] = (bytes[10] as number) ^ 0xff; // inside the first record, far from the tail
      fs.writeFileSync(walPath, bytes);
      const failure = await cluster.restart("n1").catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(
        /LogCorruptionError: log of .*wal\.log is corrupt at byte offset \d+/,
      );
      expect((failure as Error).message).toContain("last lines of the node's log");
      expect((failure as Error).message).toContain("exit code 65"); // a refusal, not a crash
      expect(fs.readFileSync(walPath)).toEqual(bytes); // refusing changed nothing
      expect(cluster.unexpectedExits()).toHaveLength(1);
    } finally {
      await cluster.stop();
      root.remove();
    }
  });

  it("connects nodes directly when asked, and refuses partitions and link faults there", async () => {
    const root = makeDataRoot("direct");
    const cluster = createProcessCluster({
      seed: 6,
      nodes: 3,
      dataRoot: root.dataRoot,
      direct: true,
    });
    try {
      await cluster.start();
      const driver = new KvDriver(cluster, cluster.client("c1"), {
        node: await waitForLeader(cluster),
      });
      expect(await putKeys(driver, "direct", 5)).toHaveLength(5);
      await expectReadable(driver, ["direct-4"]);
      await expect(cluster.partition({ groups: [["n1"], ["n2", "n3"]] })).rejects.toThrow(
        /needs the link proxies/,
      );
      await expect(cluster.setLinkFaults({ drop: 0.5 })).rejects.toThrow(/needs the link proxies/);
    } finally {
      await cluster.stop();
      root.remove();
    }
  });

  it("refuses unknown mutations and impossible options before any process starts", () => {
    const dataRoot = "/nonexistent/raftctl";
    expect(() =>
      createProcessCluster({ seed: 1, dataRoot, raft: { mutations: ["no-such-bug"] } }),
    ).toThrow(/unknown mutation 'no-such-bug'/);
    expect(() => createProcessCluster({ seed: 1, dataRoot, nodes: ["n1", "../n2"] })).toThrow(
      /names files/,
    );
    expect(() => createProcessCluster({ seed: 1, dataRoot, raft: { heartbeatTicks: 10 } })).toThrow(
      /heartbeatTicks/,
    );
    expect(() =>
      createProcessCluster({ seed: 1, dataRoot, disk: { syncLatencyMs: [40, 1] } }),
    ).toThrow(/disk: sync latency must satisfy 0 <= min <= max/);
    // A flush before a crash queues behind a sync in flight: the sync must end well within it.
    expect(() =>
      createProcessCluster({
        seed: 1,
        dataRoot,
        disk: { syncLatencyMs: [1, 1500] },
        commandTimeoutMs: 2000,
      }),
    ).toThrow(/needs commandTimeoutMs of at least 3000/);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
