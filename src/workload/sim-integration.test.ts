import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
/*
 * The workload and the nemesis together on the real simulator, wired the way the run wires them
 * (this test imports chaos, the checker bridge and the simulator, which the workload's own code
 * never does): the history must keep the contract, be linearizable on a correct Raft, recover
 * after the heal, and come out byte-identical for the same seed.
 */
import { executeNemesis, type NemesisItem, resolveNemesisSchedule } from "../chaos/index.js";
import { SimCluster } from "../cluster/sim/sim-cluster.js";
import { readJsonlHistory } from "../history/jsonl-reader.js";
import { EventsWriter, HistoryWriter } from "../history/writer.js";
import { checkHistory } from "../run/check-history.js";
import { modelForWorkload, type WorkloadOptions } from "./options.js";
import { historyContractProblems } from "./testing/history-contract.js";
import { Workload } from "./workload.js";

const directory = mkdtempSync(join(tmpdir(), "raftctl-workload-sim-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const durationMs = 8000;

const workloadOptions: WorkloadOptions = {
  kind: "cas-register",
  keys: 3,
  clients: 6,
  rate: 150,
  timeoutMs: 1000,
  opsPerKey: 120,
};

const nemesisItems: NemesisItem[] = [
  {
    schedule: "once",
    atMs: 1000,
    forMs: 1500,
    fault: { kind: "partition", shape: "isolate-leader" },
  },
  {
    schedule: "periodic",
    everyMs: 2500,
    fromMs: 3000,
    untilMs: 7000,
    fault: { kind: "crash", target: "random-minority", loseUnsynced: true, restartAfterMs: 800 },
  },
  {
    schedule: "once",
    atMs: 4000,
    forMs: 1500,
    fault: { kind: "partition", shape: "majorities-ring" },
  },
  {
    schedule: "once",
    atMs: 5000,
    forMs: 1000,
    fault: { kind: "network", drop: 0.1, duplicate: 0.05, reorder: 0.1, delayMs: [1, 20] },
  },
  { schedule: "once", atMs: 6200, forMs: 600, fault: { kind: "pause", target: "leader" } },
];

async function runOnSim(seed: number, name: string) {
  const cluster = new SimCluster({ seed, nodes: 5 });
  const historyPath = join(directory, `${name}.history.jsonl`);
  const history = new HistoryWriter(historyPath, {
    formatVersion: 1,
    raftctlVersion: "test",
    scenario: "workload-sim-integration",
    seed,
    mode: "sim",
    model: modelForWorkload(workloadOptions.kind),
  });
  const events = new EventsWriter(join(directory, `${name}.events.jsonl`));
  cluster.onEvent((event) => events.append(event));
  const schedule = resolveNemesisSchedule(nemesisItems, {
    random: () => cluster.random("nemesis-schedule").float(),
    durationMs,
    nodes: cluster.nodes,
  });
  const nemesisRandom = cluster.random("nemesis");
  const workloadRandom = cluster.random("workload");
  const workload = new Workload(cluster, workloadOptions, {
    random: () => workloadRandom.float(),
    record: (record) => history.append(record),
  });
  await cluster.start();
  const [counters, nemesis] = await Promise.all([
    workload.run(durationMs),
    executeNemesis(cluster, schedule, {
      random: () => nemesisRandom.float(),
      record: (record) => history.append(record),
    }),
  ]);
  const finalReads = await workload.finalReads({ recoverWithinMs: 5000 });
  await cluster.stop();
  history.close();
  events.close();
  const text = readFileSync(historyPath, "utf8");
  return { text, counters, nemesis, finalReads, schedule, failure: cluster.failure };
}

describe("the workload and the nemesis on the simulator", () => {
  it("record a contract-keeping, linearizable history that recovers, byte-identical per seed", async () => {
    const first = await runOnSim(7, "first");
    expect(first.failure).toBeNull();
    const parsed = readJsonlHistory(first.text, "first.history.jsonl");
    expect(parsed.warnings).toEqual([]);
    const clientRecords = parsed.records.filter((record) => record.process !== "nemesis");
    expect(historyContractProblems(clientRecords)).toEqual([]);
    expect(first.counters.ok).toBeGreaterThan(500);
    expect(first.counters.fail + first.counters.info).toBeGreaterThan(0);
    expect(first.counters.inFlight).toBe(0);

    const nemesisRecords = parsed.records.filter((record) => record.process === "nemesis");
    expect(nemesisRecords.map((record) => record.f)).toEqual(
      first.schedule.actions.map((action) => action.fault.kind),
    );
    expect(first.nemesis.healedAtMs).toBeCloseTo(durationMs, 0);

    expect(first.finalReads).toMatchObject({ recovered: true, keysTotal: 3, keysRead: 3 });

    const verdict = checkHistory(parsed.records, "cas-register", { timeoutMs: 30_000 });
    expect(verdict.verdict).toBe("ok");

    const again = await runOnSim(7, "again");
    expect(again.text).toBe(first.text);
    const other = await runOnSim(8, "other");
    expect(other.text).not.toBe(first.text);
  });

  const seeds = Number(process.env.RAFTCTL_TEST_SEEDS ?? 1);
  for (let seed = 1; seed <= seeds; seed += 1) {
    it(`keep a kv history linearizable under random faults of every kind but wipe (seed ${seed})`, async () => {
      const run = await runKvUnderRandomFaults(100 + seed);
      expect(run.failure).toBeNull();
      const parsed = readJsonlHistory(run.text, "kv.history.jsonl");
      const clientRecords = parsed.records.filter((record) => record.process !== "nemesis");
      expect(historyContractProblems(clientRecords)).toEqual([]);
      // Every kind of fault the random schedule drew was carried out (a seed may draw only two
      // of the five kinds; across the seeds all of them come up).
      const kinds = new Set(
        parsed.records.filter((record) => record.process === "nemesis").map((record) => record.f),
      );
      const scheduled = new Set(run.schedule.actions.map((action) => action.fault.kind));
      expect([...kinds].sort()).toEqual([...scheduled].sort());
      expect(kinds.size).toBeGreaterThanOrEqual(2);
      expect(run.finalReads.recovered).toBe(true);
      expect(run.counters.ok).toBeGreaterThan(200);
      expect(checkHistory(parsed.records, "kv", { timeoutMs: 30_000 }).verdict).toBe("ok");
    });
  }
});

async function runKvUnderRandomFaults(seed: number) {
  const cluster = new SimCluster({ seed, nodes: 5 });
  const historyPath = join(directory, `kv-${seed}.history.jsonl`);
  const history = new HistoryWriter(historyPath, {
    formatVersion: 1,
    raftctlVersion: "test",
    scenario: "workload-sim-kv",
    seed,
    mode: "sim",
    model: "kv",
  });
  const scheduleRandom = cluster.random("nemesis-schedule");
  const schedule = resolveNemesisSchedule(
    [
      {
        schedule: "random",
        faults: ["partition", "crash", "pause", "network", "clock-skew"],
        everyMs: [400, 1200],
        forMs: [300, 1500],
        fromMs: 500,
        untilMs: 5500,
      },
    ],
    { random: () => scheduleRandom.float(), durationMs: 6000, nodes: cluster.nodes },
  );
  const nemesisRandom = cluster.random("nemesis");
  const workloadRandom = cluster.random("workload");
  const workload = new Workload(
    cluster,
    { kind: "kv", keys: 4, clients: 5, rate: 120, timeoutMs: 800, opsPerKey: 80 },
    { random: () => workloadRandom.float(), record: (record) => history.append(record) },
  );
  await cluster.start();
  const [counters] = await Promise.all([
    workload.run(6000),
    executeNemesis(cluster, schedule, {
      random: () => nemesisRandom.float(),
      record: (record) => history.append(record),
    }),
  ]);
  const finalReads = await workload.finalReads({ recoverWithinMs: 5000 });
  await cluster.stop();
  history.close();
  const text = readFileSync(historyPath, "utf8");
  return { text, counters, finalReads, schedule, failure: cluster.failure };
}
