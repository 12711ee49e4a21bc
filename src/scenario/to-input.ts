import { stringify } from "yaml";
import type { Fault, NemesisItem, Scenario, ScenarioInput } from "./types.js";

/**
 * The way back from a resolved scenario to YAML: every default written out, every duration in
 * milliseconds (`1500ms`), sizes in bytes (`1073741824B`). Parsing the result gives back an equal
 * scenario, so a run can store the scenario it ran and replay it later.
 */

type NemesisItemInput = NonNullable<ScenarioInput["nemesis"]>[number];

function milliseconds(durationMs: number): string {
  return `${durationMs}ms`;
}

function range([minimumMs, maximumMs]: readonly [number, number]): [string, string] {
  return [milliseconds(minimumMs), milliseconds(maximumMs)];
}

function faultToInput(fault: Fault): NemesisItemInput {
  switch (fault.kind) {
    case "partition": {
      const base = { fault: fault.kind, shape: fault.shape, for: milliseconds(fault.forMs) };
      if (fault.shape === "groups") return { ...base, groups: fault.groups };
      if (fault.shape === "isolate-node" || fault.shape === "one-way") {
        return { ...base, target: fault.target };
      }
      return base;
    }
    case "crash":
      return {
        fault: fault.kind,
        target: fault.target,
        loseUnsynced: fault.loseUnsynced,
        tornWrite: fault.tornWrite,
        restartAfter: milliseconds(fault.restartAfterMs),
      };
    case "pause":
      return { fault: fault.kind, target: fault.target, for: milliseconds(fault.forMs) };
    case "network":
      return {
        fault: fault.kind,
        drop: fault.drop,
        duplicate: fault.duplicate,
        reorder: fault.reorder,
        delay: range(fault.delayMs),
        ...(fault.links === "all"
          ? {}
          : { links: fault.links.map(({ from, to }) => `${from}->${to}`) }),
        for: milliseconds(fault.forMs),
      };
    case "clock-skew":
      return {
        fault: fault.kind,
        target: fault.target,
        rate: fault.rate,
        for: milliseconds(fault.forMs),
      };
    case "wipe":
      return {
        fault: fault.kind,
        target: fault.target,
        restartAfter: milliseconds(fault.restartAfterMs),
      };
  }
}

function nemesisItemToInput(item: NemesisItem): NemesisItemInput {
  switch (item.schedule) {
    case "once":
      return { at: milliseconds(item.atMs), ...faultToInput(item.fault) };
    case "periodic":
      return {
        every: milliseconds(item.everyMs),
        from: milliseconds(item.fromMs),
        until: milliseconds(item.untilMs),
        ...faultToInput(item.fault),
      };
    case "random":
      return {
        random: { faults: [...item.faults], every: range(item.everyMs), for: range(item.forMs) },
        from: milliseconds(item.fromMs),
        until: milliseconds(item.untilMs),
      };
  }
}

function checksToInput(checks: Scenario["checks"]): ScenarioInput["checks"] {
  const { linearizable } = checks;
  return {
    linearizable:
      linearizable === false
        ? false
        : { timeout: milliseconds(linearizable.timeoutMs), memory: `${linearizable.memoryBytes}B` },
    invariants: checks.invariants,
    recoverWithin: milliseconds(checks.recoverWithinMs),
    availability:
      checks.availability === false
        ? false
        : {
            minOk: checks.availability.minOk,
            minOperations: checks.availability.minOperations,
          },
    elections:
      checks.elections === false
        ? false
        : checks.elections.maxPerMinute === null
          ? {}
          : { maxPerMinute: checks.elections.maxPerMinute },
    quiet: {
      ...(checks.quiet.settleMs === null ? {} : { settle: milliseconds(checks.quiet.settleMs) }),
      minDuration: milliseconds(checks.quiet.minDurationMs),
    },
  };
}

export function scenarioToInput(scenario: Scenario): ScenarioInput {
  const { cluster, raft, workload } = scenario;
  return {
    name: scenario.name,
    description: scenario.description,
    cluster: {
      mode: cluster.mode,
      nodes: cluster.nodes,
      seed: cluster.seed,
      tick: milliseconds(cluster.tickMs),
    },
    raft: {
      electionTicks: raft.electionTicks,
      heartbeatTicks: raft.heartbeatTicks,
      mutations: [...raft.mutations],
      ...(raft.maxInflightMessages === null
        ? {}
        : { maxInflightMessages: raft.maxInflightMessages }),
      ...(raft.maxInflightBytes === null ? {} : { maxInflightBytes: raft.maxInflightBytes }),
      ...(raft.maxMessageBytes === null ? {} : { maxMessageBytes: raft.maxMessageBytes }),
    },
    network: {
      delay: range(scenario.network.delayMs),
      drop: scenario.network.drop,
      duplicate: scenario.network.duplicate,
      reorder: scenario.network.reorder,
    },
    disk: { syncLatency: range(scenario.disk.syncLatencyMs) },
    workload: {
      kind: workload.kind,
      keys: workload.keys,
      clients: workload.clients,
      rate: workload.rate,
      timeout: milliseconds(workload.timeoutMs),
      mix: { ...workload.mix },
      opsPerKey: workload.opsPerKey,
    },
    duration: milliseconds(scenario.durationMs),
    nemesis: scenario.nemesis.map(nemesisItemToInput),
    checks: checksToInput(scenario.checks),
    expect:
      scenario.expect.verdict === "pass"
        ? { verdict: "pass" }
        : { verdict: "fail", by: [...scenario.expect.by] },
  };
}

/** The scenario as YAML text that parses back to an equal scenario. */
export function stringifyScenario(scenario: Scenario): string {
  return stringify(scenarioToInput(scenario));
}
