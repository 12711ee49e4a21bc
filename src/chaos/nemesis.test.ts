import { describe, expect, it } from "vitest";
import { seededRandom } from "../cluster/rng.js";
import { executeNemesis, Nemesis } from "./nemesis.js";
import { resolveNemesisSchedule } from "./resolve-schedule.js";
import { RecordingCluster } from "./testing/recording-cluster.js";
import type { NemesisHistoryRecord, NemesisItem, NemesisSchedule } from "./types.js";

async function runItems(
  items: NemesisItem[],
  options: { seed?: number; durationMs?: number; leader?: string | null } = {},
) {
  const cluster = new RecordingCluster(5, options.leader === undefined ? "n1" : options.leader);
  const seed = options.seed ?? 1;
  const schedule = resolveNemesisSchedule(items, {
    random: seededRandom(seed),
    durationMs: options.durationMs ?? 30_000,
    nodes: cluster.nodes,
  });
  const records: NemesisHistoryRecord[] = [];
  const report = await executeNemesis(cluster, schedule, {
    random: seededRandom(seed + 1000),
    record: (record) => records.push(record),
  });
  return { cluster, records, report, schedule };
}

const healAllCalls = (atMs: number) => [`${atMs} heal`, `${atMs} link-faults {} all`];

describe("executeNemesis", () => {
  it("isolates the live leader at its time, heals after its duration, and heals everything at the end", async () => {
    const { cluster, records, report } = await runItems(
      [
        {
          schedule: "once",
          atMs: 5000,
          forMs: 5000,
          fault: { kind: "partition", shape: "isolate-leader" },
        },
      ],
      { leader: "n3" },
    );
    expect(cluster.calls).toEqual([
      '5000 partition {"groups":[["n3"],["n1","n2","n4","n5"]]}',
      "10000 heal",
      ...healAllCalls(30_000),
    ]);
    expect(records).toEqual([
      {
        type: "info",
        process: "nemesis",
        f: "partition",
        value: {
          action: 0,
          targets: ["n3"],
          shape: "isolate-leader",
          groups: [["n3"], ["n1", "n2", "n4", "n5"]],
        },
        timeNs: 5_000_000_000,
        endNs: 10_000_000_000,
      },
    ]);
    expect(report.windows).toEqual([
      {
        action: 0,
        kind: "partition",
        label: "partition isolate-leader (n3)",
        targets: ["n3"],
        startMs: 5000,
        endMs: 10_000,
      },
    ]);
    expect(report.healedAtMs).toBe(30_000);
  });

  it("keeps an overlapping partition in force when another one heals", async () => {
    const { cluster } = await runItems(
      [
        {
          schedule: "once",
          atMs: 1000,
          forMs: 4000,
          fault: { kind: "partition", shape: "isolate-node", target: "n1" },
        },
        {
          schedule: "once",
          atMs: 3000,
          forMs: 4000,
          fault: { kind: "partition", shape: "one-way", target: "n5" },
        },
      ],
      { durationMs: 10_000 },
    );
    const isolateN1 = '{"groups":[["n1"],["n2","n3","n4","n5"]]}';
    const oneWayN5 =
      '{"links":[{"from":"n5","to":"n1"},{"from":"n5","to":"n2"},{"from":"n5","to":"n3"},{"from":"n5","to":"n4"}]}';
    const union =
      '{"links":[{"from":"n1","to":"n2"},{"from":"n1","to":"n3"},{"from":"n1","to":"n4"},{"from":"n1","to":"n5"},' +
      '{"from":"n2","to":"n1"},{"from":"n3","to":"n1"},{"from":"n4","to":"n1"},{"from":"n5","to":"n1"},' +
      '{"from":"n5","to":"n2"},{"from":"n5","to":"n3"},{"from":"n5","to":"n4"}]}';
    expect(cluster.calls).toEqual([
      `1000 partition ${isolateN1}`,
      `3000 partition ${union}`,
      "5000 heal",
      `5000 partition ${oneWayN5}`,
      "7000 heal",
      ...healAllCalls(10_000),
    ]);
  });

  it("crashes a random minority with its options and restarts exactly those nodes after the delay", async () => {
    const { cluster, records } = await runItems(
      [
        {
          schedule: "periodic",
          everyMs: 4000,
          fromMs: 1000,
          untilMs: 9000,
          fault: {
            kind: "crash",
            target: "random-minority",
            loseUnsynced: true,
            tornWrite: true,
            restartAfterMs: 2000,
          },
        },
      ],
      { durationMs: 10_000, seed: 5 },
    );
    expect(records).toHaveLength(2);
    for (const record of records) {
      const startMs = record.timeNs / 1e6;
      const targets = record.value.targets;
      expect(targets.length).toBeGreaterThanOrEqual(1);
      expect(targets.length).toBeLessThanOrEqual(2);
      expect(record.value).toMatchObject({
        loseUnsynced: true,
        tornWrite: true,
        restartAfterMs: 2000,
      });
      for (const node of targets) {
        expect(cluster.calls).toContain(
          `${startMs} crash ${node} {"loseUnsynced":true,"tornWrite":true}`,
        );
        expect(cluster.calls).toContain(`${startMs + 2000} restart ${node}`);
      }
    }
    expect(cluster.calls.filter((call) => call.includes("crash"))).toHaveLength(
      records.reduce((sum, record) => sum + record.value.targets.length, 0),
    );
  });

  it("never takes a node another fault still holds, and releases each node with its own fault", async () => {
    const { cluster, records } = await runItems(
      [
        { schedule: "once", atMs: 1000, forMs: 5000, fault: { kind: "pause", target: "all" } },
        {
          schedule: "once",
          atMs: 2000,
          fault: { kind: "crash", target: "n2", restartAfterMs: 1000 },
        },
        { schedule: "once", atMs: 7000, fault: { kind: "crash", target: "leader" } },
      ],
      { durationMs: 10_000 },
    );
    expect(records.map((record) => [record.f, record.value.targets, record.value.skipped])).toEqual(
      [
        ["pause", ["n1", "n2", "n3", "n4", "n5"], undefined],
        ["crash", [], "no eligible node"],
        ["crash", ["n1"], undefined],
      ],
    );
    expect(cluster.calls).toEqual([
      "1000 pause n1",
      "1000 pause n2",
      "1000 pause n3",
      "1000 pause n4",
      "1000 pause n5",
      "6000 resume n1",
      "6000 resume n2",
      "6000 resume n3",
      "6000 resume n4",
      "6000 resume n5",
      '7000 crash n1 {"loseUnsynced":false,"tornWrite":false}',
      "10000 restart n1",
      ...healAllCalls(10_000),
    ]);
  });

  it("records a leader-shaped fault with no leader as skipped and touches nothing", async () => {
    const { cluster, records, report } = await runItems(
      [
        {
          schedule: "once",
          atMs: 1000,
          forMs: 1000,
          fault: { kind: "partition", shape: "isolate-leader" },
        },
      ],
      { leader: null, durationMs: 3000 },
    );
    expect(records[0]!.value).toEqual({
      action: 0,
      targets: [],
      shape: "isolate-leader",
      skipped: "no leader",
    });
    expect(records[0]!.endNs).toBe(records[0]!.timeNs);
    expect(report.windows).toEqual([]);
    expect(cluster.calls).toEqual(healAllCalls(3000));
  });

  it("composes overlapping network faults and restores the remaining one when the other ends", async () => {
    const { cluster } = await runItems(
      [
        {
          schedule: "once",
          atMs: 1000,
          forMs: 4000,
          fault: { kind: "network", drop: 0.5, delayMs: [1, 10] },
        },
        {
          schedule: "once",
          atMs: 2000,
          forMs: 1000,
          fault: { kind: "network", drop: 0.5, links: [{ from: "n1", to: "n2" }] },
        },
      ],
      { durationMs: 6000 },
    );
    expect(cluster.calls).toEqual([
      "1000 link-faults {} all",
      '1000 link-faults {"drop":0.5,"delayMs":[1,10]} all',
      "2000 link-faults {} all",
      '2000 link-faults {"drop":0.75,"delayMs":[1,10]} n1->n2',
      `2000 link-faults {"drop":0.5,"delayMs":[1,10]} ${allLinksBut("n1->n2")}`,
      "3000 link-faults {} all",
      '3000 link-faults {"drop":0.5,"delayMs":[1,10]} all',
      "5000 link-faults {} all",
      ...healAllCalls(6000),
    ]);
  });

  it("composes network faults over the baseline link faults and restores the baseline after", async () => {
    const cluster = new RecordingCluster(3);
    const schedule = resolveNemesisSchedule(
      [
        {
          schedule: "once",
          atMs: 1000,
          forMs: 1000,
          fault: { kind: "network", drop: 0.1, duplicate: 0 },
        },
      ],
      { random: seededRandom(1), durationMs: 3000, nodes: cluster.nodes },
    );
    await executeNemesis(cluster, schedule, {
      random: seededRandom(2),
      baselineLinkFaults: { drop: 0.01 },
    });
    expect(cluster.calls).toEqual([
      '1000 link-faults {"drop":0.01} all',
      '1000 link-faults {"drop":0.109} all',
      '2000 link-faults {"drop":0.01} all',
      "3000 heal",
      '3000 link-faults {"drop":0.01} all',
    ]);
  });

  it("skews and resets clock rates, and wipes a node before restarting it", async () => {
    const { cluster } = await runItems(
      [
        {
          schedule: "once",
          atMs: 1000,
          forMs: 2000,
          fault: { kind: "clock-skew", target: "n2", rate: 2 },
        },
        {
          schedule: "once",
          atMs: 1500,
          fault: { kind: "wipe", target: "n4", restartAfterMs: 1000 },
        },
      ],
      { durationMs: 4000 },
    );
    expect(cluster.calls).toEqual([
      "1000 clock-rate n2 2",
      "1500 crash n4 {}",
      "1500 wipe n4",
      "2500 restart n4",
      "3000 clock-rate n2 1",
      ...healAllCalls(4000),
    ]);
  });

  it("ends every fault still active at the run's end (resume, restart, reset rate), then heals all", async () => {
    const { cluster, report } = await runItems(
      [
        { schedule: "once", atMs: 1000, fault: { kind: "pause", target: "n2" } },
        { schedule: "once", atMs: 1000, fault: { kind: "crash", target: "n3" } },
        { schedule: "once", atMs: 1000, fault: { kind: "clock-skew", target: "n4", rate: 0.5 } },
      ],
      { durationMs: 2000 },
    );
    expect(cluster.calls.slice(3)).toEqual([
      "2000 resume n2",
      "2000 restart n3",
      "2000 clock-rate n4 1",
      "2000 heal",
      "2000 link-faults {} all",
    ]);
    expect(report.windows.map((window) => window.endMs)).toEqual([2000, 2000, 2000]);
  });

  it("gives the same calls and records for the same seed, and different ones for another", async () => {
    const items: NemesisItem[] = [
      {
        schedule: "random",
        faults: ["partition", "crash", "pause", "network", "clock-skew"],
        everyMs: [500, 2000],
        forMs: [200, 3000],
      },
    ];
    const first = await runItems(items, { seed: 11 });
    const second = await runItems(items, { seed: 11 });
    const other = await runItems(items, { seed: 12 });
    expect(first.records.length).toBeGreaterThan(10);
    expect(JSON.stringify([second.cluster.calls, second.records])).toBe(
      JSON.stringify([first.cluster.calls, first.records]),
    );
    expect(JSON.stringify(other.cluster.calls)).not.toBe(JSON.stringify(first.cluster.calls));
  });

  it("reports the faults active at any moment", async () => {
    const cluster = new RecordingCluster(5);
    const schedule: NemesisSchedule = resolveNemesisSchedule(
      [
        { schedule: "once", atMs: 1000, forMs: 2000, fault: { kind: "pause", target: "n2" } },
        {
          schedule: "once",
          atMs: 2000,
          forMs: 2000,
          fault: { kind: "partition", shape: "isolate-node", target: "n5" },
        },
      ],
      { random: seededRandom(1), durationMs: 5000, nodes: cluster.nodes },
    );
    const nemesis = new Nemesis(cluster, schedule, { random: seededRandom(2) });
    const running = nemesis.run();
    const seen: string[][] = [];
    for (let step = 0; step < 5; step += 1) {
      await cluster.clock.sleep(step === 0 ? 500 : 1000);
      seen.push(nemesis.activeFaults().map((fault) => fault.label));
    }
    await running;
    expect(seen).toEqual([
      [],
      ["pause (n2)"],
      ["pause (n2)", "partition isolate-node (n5)"],
      ["partition isolate-node (n5)"],
      [],
    ]);
  });

  it("ends run() promptly when stopped, without healing", async () => {
    const cluster = new RecordingCluster(5);
    const schedule = resolveNemesisSchedule(
      [{ schedule: "once", atMs: 1000, forMs: 50_000, fault: { kind: "pause", target: "n2" } }],
      { random: seededRandom(1), durationMs: 60_000, nodes: cluster.nodes },
    );
    const nemesis = new Nemesis(cluster, schedule, { random: seededRandom(2) });
    const running = nemesis.run();
    await cluster.clock.sleep(2000);
    nemesis.stop();
    const report = await running;
    expect(report).toMatchObject({ stopped: true, healedAtMs: null });
    expect(cluster.calls).toEqual(["1000 pause n2"]);
  });
  it("skips a fault whose whole window passed while it fell behind, and so keeps to its schedule", async () => {
    // Restarts that take two seconds each (a slow node process) against a crash every 500ms:
    // firing every late crash would push the faults ever later, into the run's quiet end.
    const cluster = new RecordingCluster(5, "n1");
    const restart = cluster.restart.bind(cluster);
    cluster.restart = async (node) => {
      await cluster.clock.sleep(2000);
      await restart(node);
    };
    const schedule = resolveNemesisSchedule(
      [
        {
          schedule: "periodic",
          everyMs: 500,
          fromMs: 0,
          untilMs: 5000,
          fault: { kind: "crash", target: "n2", restartAfterMs: 100 },
        },
      ],
      { random: seededRandom(1), durationMs: 12_000, nodes: cluster.nodes },
    );
    const records: NemesisHistoryRecord[] = [];
    const report = await executeNemesis(cluster, schedule, {
      random: seededRandom(2),
      record: (record) => records.push(record),
    });
    const fired = records.filter((record) => record.value.skipped === undefined);
    const overdue = records.filter((record) => /^overdue/.test(String(record.value.skipped)));
    expect(records).toHaveLength(schedule.actions.length);
    expect(fired.length).toBeGreaterThan(0);
    expect(overdue.length).toBeGreaterThan(0);
    for (const record of fired) {
      const action = schedule.actions[record.value.action]!;
      expect(record.timeNs / 1e6).toBeLessThan(action.atMs + action.durationMs);
    }
    const lastCrashMs = Math.max(...fired.map((record) => record.timeNs / 1e6));
    expect(lastCrashMs).toBeLessThan(5000);
    expect(report.healedAtMs).toBe(12_000);
  });
});

function allLinksBut(excluded: string): string {
  const names: string[] = [];
  for (let from = 1; from <= 5; from += 1) {
    for (let to = 1; to <= 5; to += 1) if (from !== to) names.push(`n${from}->n${to}`);
  }
  return names.filter((name) => name !== excluded).join(",");
}
