import { describe, expect, it } from "vitest";
import type { NodeEvent } from "../../history/events.js";
import type { ClientOutcome, NodeName } from "../types.js";
import { SimulationStoppedError, UnknownNodeError } from "./errors.js";
import { SimCluster } from "./sim-cluster.js";
import type { SimClusterOptions } from "./sim-options.js";

async function started(options: Partial<SimClusterOptions> & { seed?: number } = {}) {
  const cluster = new SimCluster({ seed: 1, nodes: 3, ...options });
  const events: NodeEvent[] = [];
  cluster.onEvent((event) => events.push(event));
  await cluster.start();
  return { cluster, events };
}

async function leaderOf(cluster: SimCluster): Promise<NodeName> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const leader = (await cluster.status()).find((node) => node.up && node.role === "leader");
    if (leader) return leader.node;
    await cluster.clock.sleep(50);
  }
  throw new Error("no leader");
}

const put = (key: string, value: string) => ({ f: "put", key, value }) as const;

describe("SimCluster", () => {
  it("elects a leader and answers writes and linearizable reads through its clients", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    const client = cluster.client("c1");
    const write = await client.call(put("x", "1"), { node: leader, sequence: 1, timeoutMs: 500 });
    const read = await client.call(
      { f: "get", key: "x" },
      { node: leader, sequence: 2, timeoutMs: 500 },
    );
    await cluster.stop();
    expect(write).toEqual({ type: "ok", value: null });
    expect(read).toEqual({ type: "ok", value: "1" });
  });

  it("lets clients reach a node that a partition cuts off from its peers", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    const follower = cluster.nodes.find((node) => node !== leader) as NodeName;
    await cluster.partition({
      groups: [[follower], cluster.nodes.filter((node) => node !== follower)],
    });
    const outcome = await cluster
      .client("c")
      .call(put("x", "1"), { node: follower, sequence: 1, timeoutMs: 500 });
    await cluster.stop();
    expect(outcome).toEqual({ type: "fail", reason: "not-leader", hint: leader });
  });

  it("ends each unanswered call at its own timeout, a shorter one made later first", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    await cluster.crash(leader);
    const startedMs = cluster.clock.now();
    const endedAtMs: Record<string, number> = {};
    const call = (name: string, timeoutMs: number) =>
      cluster
        .client(name)
        .call(put(name, "v"), { node: leader, sequence: 1, timeoutMs })
        .then((outcome) => {
          expect(outcome).toMatchObject({
            type: "unknown",
            reason: expect.stringContaining(`${timeoutMs}ms`),
          });
          endedAtMs[name] = cluster.clock.now() - startedMs;
        });
    const long = call("long", 300);
    await cluster.clock.sleep(50);
    const short = call("short", 100);
    const same = call("same", 250);
    await Promise.all([long, short, same]);
    expect(Object.keys(endedAtMs)).toEqual(["short", "long", "same"]);
    expect(endedAtMs.short).toBeCloseTo(150, 6);
    expect(endedAtMs.long).toBeCloseTo(300, 6);
    expect(endedAtMs.same).toBeCloseTo(300, 6);
    await cluster.stop();
  });

  it("ends calls to a crashed node unknown at their timeout, and restarts it from its disk", async () => {
    const { cluster, events } = await started();
    const leader = await leaderOf(cluster);
    const client = cluster.client("c");
    await client.call(put("x", "1"), { node: leader, sequence: 1, timeoutMs: 500 });
    await cluster.crash(leader);
    const startedMs = cluster.clock.now();
    const outcome = await client.call(put("x", "2"), { node: leader, sequence: 2, timeoutMs: 200 });
    expect(outcome.type).toBe("unknown");
    expect(cluster.clock.now() - startedMs).toBeCloseTo(200, 6);
    await cluster.restart(leader);
    await cluster.clock.sleep(500);
    const restarted = cluster.node(leader);
    expect(restarted.up).toBe(true);
    expect(restarted.host?.localValue("x")).toBe("1");
    await cluster.stop();
    expect(events.filter((event) => event.type === "crash" || event.type === "restart")).toEqual([
      expect.objectContaining({
        type: "crash",
        node: leader,
        loseUnsynced: false,
        tornWrite: false,
      }),
      expect.objectContaining({ type: "restart", node: leader, wiped: false }),
    ]);
  });

  it("recovers a node from a torn write: the torn record is cut and the node rejoins", async () => {
    const { cluster } = await started({ seed: 4 });
    const leader = await leaderOf(cluster);
    const client = cluster.client("c");
    const writes: Promise<ClientOutcome>[] = [];
    for (let sequence = 1; sequence <= 20; sequence++) {
      writes.push(
        client.call(put(`k${sequence}`, "v"), { node: leader, sequence, timeoutMs: 500 }),
      );
    }
    const follower = cluster.nodes.find((node) => node !== leader) as NodeName;
    const disk = cluster.node(follower).disk;
    // Crash while the follower has written the appends but not yet synced them.
    for (let step = 0; step < 100 && disk.writtenBytes === disk.syncedBytes; step++) {
      await cluster.clock.sleep(0.1);
    }
    expect(disk.writtenBytes).toBeGreaterThan(disk.syncedBytes);
    await cluster.crash(follower, { loseUnsynced: true, tornWrite: true });
    await Promise.all(writes);
    await cluster.restart(follower);
    await cluster.clock.sleep(1000);
    const statuses = await cluster.status();
    await cluster.stop();
    expect(cluster.failure).toBeNull();
    const commits = new Set(statuses.map((status) => status.commitIndex));
    expect(commits.size).toBe(1);
  });

  it("restarts a wiped node empty, and says so in its restart event", async () => {
    const { cluster, events } = await started();
    const leader = await leaderOf(cluster);
    const follower = cluster.nodes.find((node) => node !== leader) as NodeName;
    await cluster.wipe(follower);
    expect(cluster.node(follower).up).toBe(false);
    expect(cluster.node(follower).disk.writtenBytes).toBe(0);
    await cluster.restart(follower);
    await cluster.stop();
    expect(events.filter((event) => event.node === follower && event.type === "restart")).toEqual([
      expect.objectContaining({ wiped: true }),
    ]);
  });

  it("holds a paused node's ticks and messages: it keeps its term until resumed, then steps down", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    const term = cluster.node(leader).status().term;
    await cluster.pause(leader);
    await cluster.clock.sleep(1000);
    expect(cluster.node(leader).status()).toMatchObject({ role: "leader", term, paused: true });
    const others = (await cluster.status()).filter((status) => status.node !== leader);
    expect(others.some((status) => status.role === "leader" && status.term > term)).toBe(true);
    await cluster.resume(leader);
    await cluster.clock.sleep(100);
    const after = cluster.node(leader).status();
    await cluster.stop();
    expect(after.role).toBe("follower");
    expect(after.term).toBeGreaterThan(term);
  });

  it("answers a call to a paused node once it resumes, within the call's timeout", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    await cluster.pause(leader);
    const call = cluster
      .client("c")
      .call(put("x", "1"), { node: leader, sequence: 1, timeoutMs: 2000 });
    await cluster.clock.sleep(50);
    await cluster.resume(leader);
    const outcome = await call;
    await cluster.stop();
    expect(outcome.type).not.toBe("unknown");
  });

  it("runs a node's ticks faster at a higher clock rate", async () => {
    const { cluster } = await started({ nodes: 3 });
    await cluster.partition({ groups: [["n1"], ["n2"], ["n3"]] });
    await cluster.setClockRate("n1", 4);
    await cluster.clock.sleep(3000);
    const [n1, n2] = [cluster.node("n1").status().term, cluster.node("n2").status().term];
    await cluster.stop();
    expect(n1).toBeGreaterThan(2.5 * n2);
  });

  it("refuses fault calls naming a node it does not have", async () => {
    const { cluster } = await started();
    await expect(cluster.crash("n9")).rejects.toThrow(UnknownNodeError);
    await expect(cluster.crash("n9")).rejects.toThrow(
      "crash: there is no node 'n9' (the cluster has n1, n2, n3)",
    );
    await expect(cluster.partition({ groups: [["n1", "n7"]] })).rejects.toThrow(/no node 'n7'/);
    await expect(cluster.setClockRate("n1", 0)).rejects.toThrow(/clock rate/);
    await expect(
      cluster.client("c").call({ f: "get", key: "x" }, { node: "n8", sequence: 1, timeoutMs: 10 }),
    ).rejects.toThrow(/client call: there is no node 'n8'/);
    await cluster.stop();
  });

  it("counts and drops undecodable bytes and forged messages; the nodes carry on", async () => {
    const { cluster } = await started();
    const leader = await leaderOf(cluster);
    const garbage = cluster.injectMessageBytes("n2", new Uint8Array([0xff, 0x00, 0x13]));
    expect(garbage?.message).toMatch(/^node n2 rejected a message: 3 bytes do not decode/);
    expect(cluster.stats().rejectedMessages).toBe(1);
    const outcome = await cluster
      .client("c")
      .call(put("x", "1"), { node: leader, sequence: 1, timeoutMs: 500 });
    await cluster.stop();
    expect(outcome.type).toBe("ok");
    expect(cluster.failure).toBeNull();
  });

  it("stops: pending sleeps reject, and later sleeps and calls are refused", async () => {
    const { cluster } = await started();
    const sleeping = cluster.clock.sleep(10_000).then(
      () => "woke",
      (error: unknown) => error,
    );
    await cluster.clock.sleep(10);
    await cluster.stop();
    expect(await sleeping).toBeInstanceOf(SimulationStoppedError);
    await expect(cluster.clock.sleep(1)).rejects.toThrow(SimulationStoppedError);
    await expect(
      cluster.client("c").call(put("x", "1"), { node: "n1", sequence: 1, timeoutMs: 10 }),
    ).rejects.toThrow(SimulationStoppedError);
    expect(cluster.failure).toBeNull();
  });

  it("halts when something inside the simulation throws, keeping the error as its failure", async () => {
    const cluster = new SimCluster({ seed: 1, nodes: 3 });
    cluster.onEvent((event) => {
      if (event.type === "role" && event.role === "leader") throw new Error("listener broke");
    });
    await cluster.start();
    await expect(cluster.clock.sleep(5000)).rejects.toThrow("listener broke");
    expect((cluster.failure as Error).message).toBe("listener broke");
    await cluster.stop();
  });

  it("halts at its run limit instead of running forever", async () => {
    const cluster = new SimCluster({ seed: 1, nodes: 1, runLimitMs: 1000 });
    await cluster.start();
    await expect(cluster.clock.sleep(5000)).rejects.toThrow(/limit of 1000 virtual ms/);
    await cluster.stop();
  });
});
