import { describe, expect, it } from "vitest";
import type { ClientRecordInput } from "../history/writer.js";
import { KeyPool } from "./key-pool.js";
import { LeaderTracker } from "./leader-tracker.js";
import { planOperation } from "./operation.js";
import { RecordingClient } from "./recording-client.js";
import { FakeKvCluster } from "./testing/fake-kv-cluster.js";

function setup(options: { maxAttempts?: number; attemptTimeoutMs?: number } = {}) {
  const cluster = new FakeKvCluster(3, "n3");
  const records: ClientRecordInput[] = [];
  let processes = 10;
  const client = new RecordingClient({
    slot: 0,
    client: cluster.client("c1"),
    clock: cluster.clock,
    tracker: new LeaderTracker(cluster.nodes),
    record: (record) => records.push(record),
    process: 0,
    newProcess: () => processes++,
    timeoutMs: 1000,
    attemptTimeoutMs: options.attemptTimeoutMs ?? 500,
    maxAttempts: options.maxAttempts ?? 7,
    registerValues: true,
  });
  const key = new KeyPool(1, 100).active()[0]!;
  return { cluster, records, client, key };
}

describe("RecordingClient", () => {
  it("follows a not-leader hint to the leader with the same session sequence", async () => {
    const { cluster, records, client, key } = setup();
    const completion = await client.perform(planOperation("write", key, 0));
    expect(completion).toEqual({ type: "ok", value: 1 });
    expect(cluster.calls.map((call) => [call.node, call.sequence, call.outcome.type])).toEqual([
      ["n1", 1, "fail"],
      ["n3", 1, "ok"],
    ]);
    expect(records).toEqual([
      { type: "invoke", process: 0, f: "write", key: "k0", value: 1, timeNs: 0 },
      { type: "ok", process: 0, f: "write", key: "k0", value: 1, timeNs: 4_000_000 },
    ]);
  });

  it("goes straight to the leader it learnt, and uses a new sequence for the next operation", async () => {
    const { cluster, client, key } = setup();
    await client.perform(planOperation("write", key, 0));
    await client.perform(planOperation("read", key, 0));
    expect(cluster.calls.slice(2).map((call) => [call.node, call.sequence])).toEqual([["n3", 2]]);
  });

  it("records a write with no answer as info, and continues under a new process", async () => {
    const { cluster, records, client, key } = setup();
    cluster.applyButLose = () => true;
    cluster.silent.add("n1");
    cluster.silent.add("n2");
    const completion = await client.perform(planOperation("write", key, 0));
    expect(completion.type).toBe("info");
    expect(records[1]).toMatchObject({
      type: "info",
      process: 0,
      f: "write",
      value: 1,
      timeNs: 1_000_000_000,
    });
    expect(records[1]!.error).toMatch(/no answer/);
    expect(new Set(cluster.calls.map((call) => call.sequence))).toEqual(new Set([1]));
    await client.perform(planOperation("read", key, 0));
    expect(records[2]).toMatchObject({ type: "invoke", process: 10 });
    expect(client.currentProcess).toBe(10);
  });

  it("retries an unanswered write at another node with the same sequence, applying it once", async () => {
    const { cluster, records, client, key } = setup({ attemptTimeoutMs: 100 });
    cluster.leader = "n1";
    let lost = 0;
    cluster.applyButLose = () => lost++ === 0;
    const completion = await client.perform(planOperation("write", key, 0));
    expect(completion.type).toBe("ok");
    expect(cluster.calls.map((call) => [call.node, call.sequence, call.outcome.type])).toEqual([
      ["n1", 1, "unknown"],
      ["n2", 1, "fail"],
      ["n1", 1, "ok"],
    ]);
    expect(cluster.data.get("k0")).toBe("1");
    expect(records.map((record) => record.type)).toEqual(["invoke", "ok"]);
  });

  it("records a write that failed after an unanswered call as info: the first call may still apply", async () => {
    const { cluster, records, client, key } = setup({ attemptTimeoutMs: 100 });
    cluster.leader = "n1";
    cluster.silent.add("n1");
    cluster.hints.set("n2", undefined);
    await client.perform(planOperation("write", key, 0));
    expect(cluster.calls.map((call) => call.outcome.type)).toEqual(["unknown", "fail"]);
    expect(records[1]).toMatchObject({ type: "info", error: "not-leader" });
  });

  it("records a read with no answer as fail: it changed nothing", async () => {
    const { cluster, records, client, key } = setup();
    for (const node of cluster.nodes) cluster.silent.add(node);
    const completion = await client.perform(planOperation("read", key, 0));
    expect(completion.type).toBe("fail");
    expect(records[1]).toMatchObject({
      type: "fail",
      process: 0,
      f: "read",
      value: null,
      timeNs: 1_000_000_000,
    });
    expect(client.currentProcess).toBe(0);
  });

  it("records a refusal without a hint as fail at once", async () => {
    const { cluster, records, client, key } = setup();
    cluster.hints.set("n1", undefined);
    await client.perform(planOperation("cas", key, 0));
    expect(cluster.calls).toHaveLength(1);
    expect(records[1]).toMatchObject({
      type: "fail",
      f: "cas",
      value: [null, 1],
      error: "not-leader",
    });
  });

  it("stops after maxAttempts calls even while hints keep coming", async () => {
    const { cluster, records, client, key } = setup({ maxAttempts: 4 });
    cluster.leader = null;
    cluster.hints.set("n1", "n2");
    cluster.hints.set("n2", "n1");
    await client.perform(planOperation("write", key, 0));
    expect(cluster.calls).toHaveLength(4);
    expect(records[1]).toMatchObject({ type: "fail", error: "not-leader" });
  });

  it("records an applied cas as ok with applied true and a refused one with applied false", async () => {
    const { records, client, key } = setup();
    await client.perform(planOperation("cas", key, 0));
    await client.perform(planOperation("cas", key, 0));
    expect(records.filter((record) => record.type === "ok")).toEqual([
      expect.objectContaining({ f: "cas", value: [null, 1], applied: true }),
      expect.objectContaining({ f: "cas", value: [null, 2], applied: false }),
    ]);
  });

  it("refuses a second operation while one is in flight", async () => {
    const { client, key } = setup();
    const first = client.perform(planOperation("read", key, 0));
    await expect(client.perform(planOperation("read", key, 0))).rejects.toThrow(/in flight/);
    await first;
  });
});
