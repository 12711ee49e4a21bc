import { describe, expect, it } from "vitest";
import { parseScenarioText } from "./load.js";
import { ScenarioError } from "./scenario-error.js";

/** The lines of the ScenarioError that parsing `text` must throw. */
function errorLines(text: string): string[] {
  try {
    parseScenarioText(text, "s.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message.split("\n");
  }
  throw new Error("the scenario parsed, but it should not have");
}

const head = "name: s\nduration: 30s\n";

describe("a misspelt or unknown key", () => {
  it("is named at its own line and column with the nearest valid key", () => {
    expect(
      errorLines(`${head}nemesis:\n  - { at: 1s, fault: crash, loseUnsyncd: true }\n`),
    ).toEqual(["s.yaml:4:29: nemesis[0].loseUnsyncd: unknown key; did you mean `loseUnsynced`?"]);
  });

  it("finds camelCase keys written in snake_case or kebab-case", () => {
    expect(errorLines(`${head}workload:\n  ops_per_key: 10\n`)).toEqual([
      "s.yaml:4:3: workload.ops_per_key: unknown key; did you mean `opsPerKey`?",
    ]);
    expect(errorLines(`${head}checks: { recover-within: 5s }\n`)).toEqual([
      "s.yaml:3:11: checks.recover-within: unknown key; did you mean `recoverWithin`?",
    ]);
  });

  it("says where a key belongs when it sits in the wrong section", () => {
    expect(errorLines(`${head}seed: 4\n`)).toEqual([
      "s.yaml:3:1: seed: unknown key here; seed belongs in `cluster.seed`",
      "  keys allowed here: name, description, cluster, raft, network, disk, workload, duration, nemesis, checks, expect",
    ]);
  });

  it("lists the keys allowed when nothing is close", () => {
    expect(errorLines(`${head}disk: { flavour: fast }\n`)).toEqual([
      "s.yaml:3:9: disk.flavour: unknown key",
      "  keys allowed here: syncLatency",
    ]);
  });

  it("names the fault a parameter belongs to when given to another fault", () => {
    expect(errorLines(`${head}nemesis:\n  - { at: 1s, fault: crash, shape: bridge }\n`)).toEqual([
      "s.yaml:4:29: nemesis[0].shape: shape is a parameter of partition, not of crash",
    ]);
    expect(
      errorLines(`${head}nemesis:\n  - { at: 1s, for: 1s, fault: pause, restartAfter: 2s }\n`),
    ).toEqual([
      "s.yaml:4:38: nemesis[0].restartAfter: restartAfter is a parameter of crash and wipe, not of pause",
    ]);
  });
});

describe("a value of the wrong kind", () => {
  it("says what was expected and what was found", () => {
    expect(errorLines(`${head}cluster:\n  nodes: 12\n`)).toEqual([
      "s.yaml:4:10: cluster.nodes: expected an integer from 1 to 9, got 12",
    ]);
    expect(errorLines("name: s\nduration: 30 s\n")).toEqual([
      's.yaml:2:11: duration: expected a duration such as 500ms, 5s or 2m, got "30 s"',
    ]);
    expect(errorLines(`${head}workload: { timeout: 5 }\n`)).toEqual([
      "s.yaml:3:22: workload.timeout: expected a duration such as 500ms, 5s or 2m, got 5",
    ]);
    expect(errorLines(`${head}network: { drop: 1.5 }\n`)).toEqual([
      "s.yaml:3:18: network.drop: expected a number from 0 to 1, got 1.5",
    ]);
    expect(errorLines(`${head}checks: { invariants: yes }\n`)).toEqual([
      's.yaml:3:23: checks.invariants: expected true or false, got "yes"',
    ]);
    expect(errorLines(`${head}network: { delay: 5ms }\n`)).toEqual([
      's.yaml:3:19: network.delay: expected a range [min, max] of durations such as [1ms, 5ms], got "5ms"',
    ]);
  });

  it("suggests the nearest allowed value for a misspelt one", () => {
    expect(errorLines(`${head}workload: { kind: cas_register }\n`)).toEqual([
      's.yaml:3:19: workload.kind: expected one of register, cas-register, kv, got "cas_register"; did you mean `cas-register`?',
    ]);
    expect(
      errorLines(`${head}nemesis:\n  - { at: 1s, fault: crash, target: random-minorty }\n`),
    ).toEqual([
      's.yaml:4:37: nemesis[0].target: expected leader, random, random-minority, majority, all or a node id such as n1, got "random-minorty"; did you mean `random-minority`?',
    ]);
  });

  it("reports the inner field when one branch of a choice matched", () => {
    expect(errorLines(`${head}checks:\n  linearizable: { timeout: 2x }\n`)).toEqual([
      's.yaml:4:28: checks.linearizable.timeout: expected a duration such as 500ms, 5s or 2m, got "2x"',
    ]);
  });

  it("says a required field is missing at the mapping that lacks it", () => {
    expect(errorLines("name: s\ncluster: { nodes: 3 }\n")).toEqual([
      "s.yaml:1:1: duration: missing; expected a duration such as 500ms, 5s or 2m",
    ]);
    expect(errorLines(`${head}nemesis:\n  - { at: 1s, for: 1s, fault: partition }\n`)).toEqual([
      "s.yaml:4:5: nemesis[0].shape: missing; expected one of isolate-node, isolate-leader, random-halves, majority-minority, majorities-ring, bridge, one-way, groups",
    ]);
  });
});

describe("a rule between fields", () => {
  it("requires the mix to sum to 1 with only the workload's own operations", () => {
    expect(
      errorLines(`${head}workload:\n  kind: register\n  mix: { read: 0.5, cas: 0.5 }\n`),
    ).toEqual([
      "s.yaml:5:8: workload.mix: the shares of read, write must sum to 1, but they sum to 0.5",
      "s.yaml:5:21: workload.mix.cas: a register workload has no cas operation; its operations are read, write",
    ]);
  });

  it("requires heartbeats more often than elections", () => {
    expect(errorLines(`${head}raft: { electionTicks: 3, heartbeatTicks: 3 }\n`)).toEqual([
      "s.yaml:3:43: raft.heartbeatTicks: 3 must be below electionTicks (3), so that followers hear from a leader before they time out",
    ]);
  });

  it("requires every node named in a fault to exist", () => {
    const text = `${head}nemesis:
  - { at: 1s, for: 1s, fault: partition, shape: isolate-node, target: n7 }
  - { at: 1s, for: 1s, fault: partition, shape: groups, groups: [[n1, n2], [n2, n3, n4]] }
  - { at: 1s, for: 1s, fault: network, drop: 0.1, links: ["n1->n9", "n2->n2"] }
`;
    expect(errorLines(text)).toEqual([
      "s.yaml:4:71: nemesis[0].target: node n7 does not exist; the cluster has n1..n5",
      "s.yaml:5:65: nemesis[1].groups: every node must be in a group, but n5 is in none",
      "s.yaml:5:77: nemesis[1].groups[1][0]: n2 is in more than one group",
      "s.yaml:6:59: nemesis[2].links[0]: node n9 does not exist; the cluster has n1..n5",
      "s.yaml:6:69: nemesis[2].links[1]: n2->n2 joins a node to itself; a link joins two nodes",
    ]);
  });

  it("keeps every fault window within the duration", () => {
    const text = `${head}nemesis:
  - { at: 28s, for: 5s, fault: pause }
  - { at: 29.5s, fault: crash }
  - { every: 5s, from: 10s, until: 40s, for: 1s, fault: pause }
  - { every: 5s, for: 6s, fault: pause }
`;
    expect(errorLines(text)).toEqual([
      "s.yaml:4:21: nemesis[0].for: the fault would end at 33s, after the end of the scenario (duration 30s); shorten for or start earlier",
      "s.yaml:5:5: nemesis[1].restartAfter: the fault would end at 30.5s, after the end of the scenario (duration 30s); shorten restartAfter (1s when not given) or start earlier",
      "s.yaml:6:36: nemesis[2].until: until (40s) is after the end of the scenario (duration 30s)",
      "s.yaml:7:23: nemesis[3].for: each window (6s) is longer than every (5s), so windows would overlap",
    ]);
  });

  it("accepts by only with verdict fail", () => {
    expect(errorLines(`${head}expect: { verdict: pass, by: [liveness] }\n`)).toEqual([
      "s.yaml:3:26: expect.by: `by` applies only with verdict: fail; remove it",
    ]);
  });

  it("refuses a tick shorter than a millisecond and any duration above 24h", () => {
    expect(errorLines(`${head}cluster: { tick: 500us }\n`)).toEqual([
      's.yaml:3:18: cluster.tick: expected a tick of at least 1ms, got "500us"',
    ]);
    expect(errorLines(`${head}checks: { recoverWithin: 10000h }\n`)).toEqual([
      's.yaml:3:26: checks.recoverWithin: expected a duration of at most 24h, got "10000h"',
    ]);
  });

  it("asks for exactly one schedule per nemesis item", () => {
    const text = `${head}nemesis:
  - { fault: pause, for: 1s }
  - { at: 1s, from: 2s, fault: pause, for: 1s }
  - { at: 1s, every: 2s, fault: pause, for: 1s }
  - { random: { faults: [crash], every: [1s, 2s], for: [1s, 2s] }, fault: crash }
`;
    expect(errorLines(text)).toEqual([
      "s.yaml:4:5: nemesis[0]: no schedule: give at (one-shot), every (periodic) or random",
      "s.yaml:5:15: nemesis[1].from: a one-shot fault has one start: give at or from, not both",
      "s.yaml:6:7: nemesis[2].at: a periodic schedule starts at from, not at; rename at to from",
      "s.yaml:7:68: nemesis[3].fault: a random schedule draws its faults from random.faults; remove fault",
    ]);
  });
});

describe("a file that is not a scenario", () => {
  it("reports YAML syntax errors with their position", () => {
    expect(errorLines("name: s\nname: t\n")).toEqual([
      "s.yaml:2:1: YAML syntax: Map keys must be unique",
    ]);
    expect(errorLines("name: s\ncluster: { nodes: 3\n")).toEqual([
      "s.yaml:3:1: YAML syntax: Flow map in block collection must be sufficiently indented and end with a }",
    ]);
  });

  it("says so when the file is empty or holds a list", () => {
    expect(errorLines("")).toEqual([
      "s.yaml: the file holds no scenario; a scenario needs at least name and duration",
    ]);
    expect(errorLines("- name: s\n")).toEqual([
      "s.yaml:1:1: a scenario is a mapping of keys (name, duration, cluster, ...), not a list or a value",
    ]);
  });
});

describe("lists, ranges and keys of the wrong shape", () => {
  it("say how many items were expected and found", () => {
    expect(errorLines(`${head}expect: { verdict: fail, by: [] }\n`)).toEqual([
      "s.yaml:3:30: expect.by: expected at least 1 item, got 0",
    ]);
    expect(errorLines(`${head}network: { delay: [1ms] }\n`)).toEqual([
      "s.yaml:3:19: network.delay: expected a range [min, max] of durations such as [1ms, 5ms], got a list of 1 item",
    ]);
    expect(errorLines(`${head}network: { delay: [5ms, 1ms] }\n`)).toEqual([
      "s.yaml:3:19: network.delay: expected [min, max] with min not above max",
    ]);
  });

  it("name an item that is not a mapping", () => {
    expect(errorLines(`${head}nemesis:\n  - 5\n`)).toEqual([
      "s.yaml:4:5: nemesis[0]: expected a mapping, got 5",
    ]);
    expect(errorLines(`${head}nemesis: { at: 1s }\n`)).toEqual([
      "s.yaml:3:10: nemesis: expected a list where each item is a mapping, got a mapping",
    ]);
  });

  it("refuse a key that is a list or a mapping", () => {
    expect(errorLines(`${head}? [a, b]\n: c\n`)).toEqual([
      "s.yaml:3:3: a key must be a plain name, not a list, a mapping or nothing",
    ]);
  });

  it("place a problem inside an anchored mapping where the anchor defines it", () => {
    const text = `${head}x-pause: &pause { at: 1s, for: 1s, fault: pause, bogus: 1 }\nnemesis:\n  - *pause\n`;
    expect(errorLines(text)[2]).toBe("s.yaml:3:50: nemesis[0].bogus: unknown key");
  });
});

describe("several problems in one file", () => {
  it("are all listed in the order they appear in the file", () => {
    const text = `name: Bad_Name
cluster:
  nodes: 0
  mode: sym
duration: 30s
nemesis:
  - { at: 1s, fault: crash, loseUnsyncd: true }
`;
    expect(errorLines(text)).toEqual([
      's.yaml:1:7: name: expected a kebab-case name: lowercase letters and digits joined by single hyphens, got "Bad_Name"',
      "s.yaml:3:10: cluster.nodes: expected an integer from 1 to 9, got 0",
      's.yaml:4:9: cluster.mode: expected one of sim, process, got "sym"; did you mean `sim`?',
      "s.yaml:7:29: nemesis[0].loseUnsyncd: unknown key; did you mean `loseUnsynced`?",
    ]);
  });

  it("are shown up to a limit, with a count of the rest", () => {
    const items = Array.from(
      { length: 25 },
      () => "  - { at: 1s, fault: crash, loseUnsyncd: true }",
    ).join("\n");
    const lines = errorLines(`${head}nemesis:\n${items}\n`);
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe("s.yaml: ... and 20 more problems");
  });

  it("carry exit code 64", () => {
    expect(() => parseScenarioText("", "s.yaml")).toThrow(
      expect.objectContaining({ exitCode: 64, name: "ScenarioError" }),
    );
  });
});
