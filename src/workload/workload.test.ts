import { describe, expect, it } from "vitest";
import { seededRandom } from "../cluster/rng.js";
import type { ClientRecordInput } from "../history/writer.js";
import { WorkloadError } from "./errors.js";
import type { WorkloadOptions } from "./options.js";
import { FakeKvCluster } from "./testing/fake-kv-cluster.js";
import { historyContractProblems } from "./testing/history-contract.js";
import { Workload } from "./workload.js";

const base: WorkloadOptions = {
  kind: "cas-register",
  keys: 4,
  clients: 5,
  rate: 200,
  timeoutMs: 1000,
  opsPerKey: 50,
};

async function runWorkload(
  options: Partial<WorkloadOptions> = {},
  setup: (cluster: FakeKvCluster) => void = () => {},
  { seed = 1, durationMs = 5000 } = {},
) {
  const cluster = new FakeKvCluster(3);
  setup(cluster);
  const records: ClientRecordInput[] = [];
  const workload = new Workload(
    cluster,
    { ...base, ...options },
    { random: seededRandom(seed), record: (record) => records.push(record) },
  );
  const counters = await workload.run(durationMs);
  return { cluster, records, counters, workload };
}

const invokes = (records: readonly ClientRecordInput[]) =>
  records.filter((record) => record.type === "invoke");

describe("Workload", () => {
  it("keeps the history contract and completes every operation it invokes", async () => {
    const { records, counters } = await runWorkload();
    expect(historyContractProblems(records)).toEqual([]);
    expect(counters.inFlight).toBe(0);
    expect(counters.invoked).toBe(invokes(records).length);
    expect(counters.ok + counters.fail + counters.info).toBe(counters.invoked);
    expect(counters.ok).toBe(counters.invoked);
  });

  it("issues operations open loop at the rate, in cluster time", async () => {
    const { counters, cluster } = await runWorkload({ rate: 200 }, () => {}, {
      durationMs: 10_000,
    });
    expect(counters.invoked + counters.skipped).toBeGreaterThan(1800);
    expect(counters.invoked + counters.skipped).toBeLessThan(2200);
    expect(cluster.clock.now()).toBeGreaterThanOrEqual(10_000);
  });

  it("draws the mix it is given", async () => {
    const { records } = await runWorkload({ mix: { read: 0.5, write: 0.5, cas: 0 } });
    const functions = new Set(invokes(records).map((record) => record.f));
    expect([...functions].sort()).toEqual(["read", "write"]);
    const reads = invokes(records).filter((record) => record.f === "read").length;
    expect(reads / invokes(records).length).toBeGreaterThan(0.4);
    expect(reads / invokes(records).length).toBeLessThan(0.6);
  });

  it("writes values unique per key, counting from 1, through writes and cas alike", async () => {
    const { records } = await runWorkload({ opsPerKey: 1000 });
    const written = new Map<string, number[]>();
    for (const record of invokes(records)) {
      if (record.f === "read") continue;
      const value =
        record.f === "cas" ? (record.value as [unknown, number])[1] : (record.value as number);
      written.set(record.key, [...(written.get(record.key) ?? []), value]);
    }
    expect(written.size).toBe(4);
    for (const values of written.values()) {
      expect(values).toEqual(values.map((_, position) => position + 1));
    }
  });

  it("retires a key after opsPerKey operations and brings a fresh one, never more than `keys` in use", async () => {
    const { records, workload, counters } = await runWorkload({ keys: 3, opsPerKey: 7 });
    const perKey = new Map<string, number>();
    for (const record of invokes(records))
      perKey.set(record.key, (perKey.get(record.key) ?? 0) + 1);
    expect(Math.max(...perKey.values())).toBe(7);
    const unfinished = [...perKey.entries()].filter(([, count]) => count < 7).map(([key]) => key);
    expect(unfinished.length).toBeLessThanOrEqual(3);
    expect(workload.activeKeys()).toHaveLength(3);
    for (const key of unfinished) expect(workload.activeKeys()).toContain(key);
    expect(counters.keysRetired).toBe(perKey.size - unfinished.length);
    expect(counters.keysRetired).toBeGreaterThan(50);
  });

  it("expects in a cas what the client last saw, so a lone client's cas always applies", async () => {
    const { records } = await runWorkload({ clients: 1, rate: 50 });
    const casResults = records.filter((record) => record.type === "ok" && record.f === "cas");
    expect(casResults.length).toBeGreaterThan(30);
    expect(casResults.every((record) => record.applied === true)).toBe(true);
  });

  it("records a refused cas as ok with [from, to] and applied false", async () => {
    const { records } = await runWorkload({ clients: 10, keys: 1, rate: 400 });
    const refused = records.filter(
      (record) => record.type === "ok" && record.f === "cas" && record.applied === false,
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const record of refused) expect(record.value).toHaveLength(2);
  });

  it("skips an arrival, and counts it, when every client is busy rather than queueing it", async () => {
    const { counters } = await runWorkload({ clients: 1, rate: 200 }, (cluster) => {
      cluster.latencyMs = 20;
    });
    expect(counters.skipped).toBeGreaterThan(400);
    expect(counters.invoked).toBeLessThan(5000 / 40 + 1);
  });

  it("gives the same records for the same seed and different ones for another", async () => {
    const first = await runWorkload({}, () => {}, { seed: 3 });
    const second = await runWorkload({}, () => {}, { seed: 3 });
    const other = await runWorkload({}, () => {}, { seed: 4 });
    expect(JSON.stringify(second.records)).toBe(JSON.stringify(first.records));
    expect(JSON.stringify(other.records)).not.toBe(JSON.stringify(first.records));
  });

  it("records kv values as strings: tokens written, the concatenation read", async () => {
    const { records, cluster } = await runWorkload({ kind: "kv", keys: 1, opsPerKey: 10_000 });
    const appended = invokes(records).filter((record) => record.f === "append");
    expect(appended.length).toBeGreaterThan(10);
    for (const record of appended) expect(record.value).toMatch(/^\d+;$/);
    const lastRead = records.filter((record) => record.type === "ok" && record.f === "get").at(-1);
    expect(typeof lastRead?.value).toBe("string");
    expect(cluster.data.get("k0")).toMatch(/^(\d+;)+$/);
  });

  it("refuses options it cannot run with a user error", () => {
    const cluster = new FakeKvCluster(3);
    const make = (options: Partial<WorkloadOptions>) => () =>
      new Workload(cluster, { ...base, ...options }, { random: seededRandom(1), record: () => {} });
    expect(make({ clients: 0 })).toThrow(WorkloadError);
    expect(make({ kind: "kv", mix: { read: 1 } })).toThrow(/read is not an operation of kv/);
    expect(make({ mix: { read: 0, write: 0 } })).toThrow(/nothing would run/);
    expect(make({ rate: -1 })).toThrow(/rate/);
  });
});

describe("final reads", () => {
  it("reads every key in use once a leader is there, and says it recovered", async () => {
    const { workload, records, cluster } = await runWorkload({ keys: 6, clients: 4 });
    const before = records.length;
    const report = await workload.finalReads({ recoverWithinMs: 5000 });
    expect(report).toMatchObject({
      recovered: true,
      leader: "n1",
      leaderAfterMs: 0,
      keysTotal: 6,
      keysRead: 6,
      unreadKeys: [],
    });
    const finalReads = records.slice(before).filter((record) => record.type === "ok");
    expect(finalReads.map((record) => record.key).sort()).toEqual(
      [...workload.activeKeys()].sort(),
    );
    expect(report.elapsedMs).toBeLessThan(100);
    expect(cluster.clock.now()).toBeGreaterThan(5000);
  });

  it("waits for a leader that comes late", async () => {
    const { workload, cluster } = await runWorkload({ keys: 2 }, () => {}, { durationMs: 1000 });
    cluster.leader = null;
    void cluster.clock.sleep(700).then(() => {
      cluster.leader = "n2";
    });
    const report = await workload.finalReads({ recoverWithinMs: 2000, pollIntervalMs: 100 });
    expect(report.recovered).toBe(true);
    expect(report.leaderAfterMs).toBeCloseTo(700, 6);
  });

  it("gives up at the bound when no leader appears", async () => {
    const { workload, cluster } = await runWorkload({ keys: 2 }, () => {}, { durationMs: 1000 });
    cluster.leader = null;
    const startMs = cluster.clock.now();
    const report = await workload.finalReads({ recoverWithinMs: 3000 });
    expect(report).toMatchObject({
      recovered: false,
      leaderAfterMs: null,
      keysRead: 0,
      unreadKeys: workload.activeKeys(),
    });
    expect(cluster.clock.now() - startMs).toBe(3000);
  });

  it("retries a read that fails until it succeeds, within the bound, recording each attempt", async () => {
    const { workload, cluster, records } = await runWorkload({ keys: 1, clients: 1 }, () => {}, {
      durationMs: 1000,
    });
    cluster.hints.set("n2", undefined);
    cluster.hints.set("n3", undefined);
    cluster.silent.add("n1");
    void cluster.clock.sleep(1500).then(() => cluster.silent.delete("n1"));
    const before = records.length;
    const report = await workload.finalReads({ recoverWithinMs: 5000 });
    expect(report.recovered).toBe(true);
    const attempts = records.slice(before).filter((record) => record.type !== "invoke");
    expect(attempts.at(-1)?.type).toBe("ok");
    expect(attempts.slice(0, -1).every((record) => record.type === "fail")).toBe(true);
    expect(attempts.length).toBeGreaterThan(1);
  });
});
