import { parseScenarioText, type Scenario } from "../../scenario/index.js";

/**
 * Small scenarios for the run's tests: a few simulated seconds each, so a run takes a second or
 * two of wall time.
 */

/**
 * Five nodes, a leader partition and a crash: passes on the correct Raft. Faults to nearly its
 * end leave no quiet time, so availability and elections are off (their tests have their own).
 */
export const passingScenarioText = `name: tiny
duration: 3s
cluster: { nodes: 5, seed: 3 }
workload: { kind: cas-register, keys: 4, clients: 5, rate: 100 }
nemesis:
  - { at: 1s, for: 1s, fault: partition, shape: isolate-leader }
  - { at: 2s, fault: crash, target: random, restartAfter: 500ms }
checks: { availability: false, elections: false }
`;

/**
 * ack-before-fsync under crashes of every node that lose unsynced writes: followers acknowledge
 * entries they then lose, so committed entries vanish — caught by the invariants (a node's
 * assertion or the event-stream checker) on most seeds, not all.
 */
export function mutantScenarioText(expectBy = "[linearizability, invariant]"): string {
  return `name: ack-mutant
description: acknowledged entries lost in crashes; must be caught
duration: 3s
cluster: { nodes: 3, seed: 1 }
raft: { mutations: [ack-before-fsync] }
disk: { syncLatency: [40ms, 80ms] }
workload: { kind: register, keys: 2, clients: 6, rate: 300 }
nemesis:
  - { every: 300ms, fault: crash, target: all, loseUnsynced: true, restartAfter: 50ms }
checks: { availability: false, elections: false }
expect: { verdict: fail, by: ${expectBy} }
`;
}

/** A long run (two simulated minutes) for interrupting. */
export const longScenarioText = `name: long
duration: 120s
cluster: { nodes: 3, seed: 2 }
workload: { kind: kv, keys: 3, clients: 4, rate: 100 }
nemesis:
  - { every: 3s, fault: partition, shape: random-halves, for: 1s }
`;

export function scenarioFromText(text: string, file = "test.yaml"): Scenario {
  return parseScenarioText(text, file);
}
