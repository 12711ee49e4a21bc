import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./load.js";

const minimal = "name: minimal\nduration: 10s\n";

function parse(text: string) {
  return parseScenarioText(text, "test.yaml");
}

describe("a valid scenario resolves", () => {
  it("fills every default when only name and duration are given", () => {
    expect(parse(minimal)).toEqual({
      name: "minimal",
      description: "",
      cluster: {
        mode: "sim",
        nodes: 5,
        nodeIds: ["n1", "n2", "n3", "n4", "n5"],
        seed: 1,
        tickMs: 10,
      },
      raft: {
        electionTicks: 10,
        heartbeatTicks: 1,
        mutations: [],
        maxInflightMessages: null,
        maxInflightBytes: null,
        maxMessageBytes: null,
      },
      network: { delayMs: [1, 5], drop: 0, duplicate: 0, reorder: 0 },
      disk: { syncLatencyMs: [1, 4] },
      workload: {
        kind: "cas-register",
        keys: 8,
        clients: 10,
        rate: 200,
        timeoutMs: 1000,
        opsPerKey: 200,
        mix: { read: 0.5, write: 0.25, cas: 0.25 },
      },
      durationMs: 10_000,
      nemesis: [],
      checks: {
        linearizable: { timeoutMs: 60_000, memoryBytes: 1024 ** 3 },
        invariants: true,
        recoverWithinMs: 5000,
        availability: { minOk: 0.5, minOperations: 100 },
        elections: { maxPerMinute: null },
        quiet: { settleMs: null, minDurationMs: 3000 },
      },
      expect: { verdict: "pass" },
    });
  });

  it("resolves the agreed example scenario field by field", () => {
    const scenario = parse(`name: leader-partition
description: "isolate the leader, crash minorities, then a flaky network"
cluster: { mode: sim, nodes: 5, seed: 7, tick: 10ms }
raft: { electionTicks: 10, heartbeatTicks: 1, mutations: [], maxInflightMessages: 64, maxInflightBytes: 1MiB }
network: { delay: [1ms, 5ms], drop: 0, duplicate: 0, reorder: 0 }
disk: { syncLatency: [1ms, 4ms] }
workload:
  kind: cas-register
  keys: 8
  clients: 10
  rate: 200
  timeout: 1s
  mix: { read: 0.5, write: 0.25, cas: 0.25 }
  opsPerKey: 200
duration: 30s
nemesis:
  - { at: 5s, for: 5s, fault: partition, shape: isolate-leader }
  - { every: 8s, from: 2s, until: 25s, fault: crash, target: random-minority, loseUnsynced: true, restartAfter: 2s }
  - { random: { faults: [partition, crash, pause, network], every: [2s, 6s], for: [1s, 4s] }, from: 0s, until: 25s }
  - { from: 20s, for: 5s, fault: network, drop: 0.1, duplicate: 0.05, reorder: 0.1, delay: [1ms, 50ms], links: ["n1->n2", "n2->n1"] }
checks:
  linearizable: { timeout: 60s, memory: 1GiB }
  invariants: true
  recoverWithin: 5s
  availability: { minOk: 0.0 }
expect: { verdict: pass }
`);
    expect(scenario.raft).toMatchObject({ maxInflightMessages: 64, maxInflightBytes: 1024 ** 2 });
    expect(scenario.cluster.seed).toBe(7);
    expect(scenario.durationMs).toBe(30_000);
    expect(scenario.nemesis).toEqual([
      {
        schedule: "once",
        atMs: 5000,
        fault: { kind: "partition", shape: "isolate-leader", forMs: 5000 },
      },
      {
        schedule: "periodic",
        everyMs: 8000,
        fromMs: 2000,
        untilMs: 25_000,
        fault: {
          kind: "crash",
          target: "random-minority",
          loseUnsynced: true,
          tornWrite: false,
          restartAfterMs: 2000,
        },
      },
      {
        schedule: "random",
        faults: ["partition", "crash", "pause", "network"],
        everyMs: [2000, 6000],
        forMs: [1000, 4000],
        fromMs: 0,
        untilMs: 25_000,
      },
      {
        schedule: "once",
        atMs: 20_000,
        fault: {
          kind: "network",
          drop: 0.1,
          duplicate: 0.05,
          reorder: 0.1,
          delayMs: [1, 50],
          links: [
            { from: "n1", to: "n2" },
            { from: "n2", to: "n1" },
          ],
          forMs: 5000,
        },
      },
    ]);
  });

  it("takes the tick of the mode when the scenario gives none", () => {
    expect(parse(`${minimal}cluster: { mode: process }\n`).cluster.tickMs).toBe(50);
    expect(parse(`${minimal}cluster: { mode: process, tick: 20ms }\n`).cluster.tickMs).toBe(20);
  });

  it("gives each workload kind its own default mix and fills left-out operations with 0", () => {
    expect(parse(`${minimal}workload: { kind: register }\n`).workload.mix).toEqual({
      read: 0.5,
      write: 0.5,
    });
    expect(parse(`${minimal}workload: { kind: kv }\n`).workload.mix).toEqual({
      get: 0.5,
      put: 0.25,
      append: 0.25,
    });
    const kv = parse(`${minimal}workload: { kind: kv, mix: { get: 0.7, append: 0.3 } }\n`);
    expect(kv.workload.mix).toEqual({ get: 0.7, put: 0, append: 0.3 });
  });

  it("accepts shares that sum to 1 only up to floating-point rounding", () => {
    const text = `${minimal}workload: { mix: { read: 0.1, write: 0.2, cas: 0.7 } }\n`;
    expect(parse(text).workload.mix).toEqual({ read: 0.1, write: 0.2, cas: 0.7 });
  });

  it("reads linearizable: true as the default budget and false as no check", () => {
    expect(parse(`${minimal}checks: { linearizable: true }\n`).checks.linearizable).toEqual({
      timeoutMs: 60_000,
      memoryBytes: 1024 ** 3,
    });
    expect(parse(`${minimal}checks: { linearizable: false }\n`).checks.linearizable).toBe(false);
    expect(
      parse(`${minimal}checks: { linearizable: { timeout: 2m } }\n`).checks.linearizable,
    ).toEqual({ timeoutMs: 120_000, memoryBytes: 1024 ** 3 });
  });

  it("expects failure for any reason when by is left out", () => {
    expect(parse(`${minimal}expect: { verdict: fail }\n`).expect).toEqual({
      verdict: "fail",
      by: ["linearizability", "invariant", "liveness", "availability", "elections", "system-error"],
    });
    expect(parse(`${minimal}expect: { verdict: fail, by: [invariant] }\n`).expect).toEqual({
      verdict: "fail",
      by: ["invariant"],
    });
  });

  it("takes availability, elections and system-error as reasons a mutant may be caught by", () => {
    const text = `${minimal}expect: { verdict: fail, by: [system-error, availability, elections] }\n`;
    expect(parse(text).expect).toEqual({
      verdict: "fail",
      by: ["system-error", "availability", "elections"],
    });
  });

  it("fills the defaults of each fault", () => {
    const scenario = parse(`${minimal}nemesis:
  - { at: 1s, for: 1s, fault: partition, shape: isolate-node }
  - { at: 1s, for: 1s, fault: partition, shape: groups, groups: [[n1, n2], [n3, n4, n5]] }
  - { at: 1s, fault: crash }
  - { at: 1s, for: 1s, fault: pause }
  - { at: 1s, for: 1s, fault: network, drop: 0.5 }
  - { at: 1s, for: 1s, fault: clock-skew, rate: 2, target: n3 }
  - { at: 1s, fault: wipe, target: leader }
  - { every: 2s, for: 1s, fault: partition, shape: one-way, target: leader }
`);
    expect(
      scenario.nemesis.map((item) => (item.schedule === "random" ? null : item.fault)),
    ).toEqual([
      { kind: "partition", shape: "isolate-node", target: "random", forMs: 1000 },
      {
        kind: "partition",
        shape: "groups",
        groups: [
          ["n1", "n2"],
          ["n3", "n4", "n5"],
        ],
        forMs: 1000,
      },
      {
        kind: "crash",
        target: "random",
        loseUnsynced: false,
        tornWrite: false,
        restartAfterMs: 1000,
      },
      { kind: "pause", target: "random", forMs: 1000 },
      {
        kind: "network",
        drop: 0.5,
        duplicate: 0,
        reorder: 0,
        delayMs: [0, 0],
        links: "all",
        forMs: 1000,
      },
      { kind: "clock-skew", target: "n3", rate: 2, forMs: 1000 },
      { kind: "wipe", target: "leader", restartAfterMs: 1000 },
      { kind: "partition", shape: "one-way", target: "leader", forMs: 1000 },
    ]);
    // A periodic item starts one period in unless it says from.
    expect(scenario.nemesis[7]).toMatchObject({
      schedule: "periodic",
      everyMs: 2000,
      fromMs: 2000,
      untilMs: 10_000,
    });
  });

  it("reads durations in every unit and keeps fractions", () => {
    const scenario = parse(`name: units
duration: 1.5m
cluster: { tick: 2500us }
workload: { timeout: 0.25s }
checks: { recoverWithin: 1h }
`);
    expect(scenario.durationMs).toBe(90_000);
    expect(scenario.cluster.tickMs).toBe(2.5);
    expect(scenario.workload.timeoutMs).toBe(250);
    expect(scenario.checks.recoverWithinMs).toBe(3_600_000);
  });
});
