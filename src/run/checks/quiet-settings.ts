import type { Scenario } from "../../scenario/index.js";

/** Election timeouts after each fault ends (and after the start) before time counts as quiet. */
export const settleElectionTimeouts = 4;
/** The default election bound: one leader elected per this many election timeouts of quiet time. */
export const electionTimeoutsPerElection = 10;

export interface QuietSettings {
  settleMs: number;
  minDurationMs: number;
  /** null when the elections check is off. */
  maxElectionsPerMinute: number | null;
}

/**
 * The quiet-time settings of a scenario, with the defaults that follow its Raft timing filled
 * in. The election timeout counted here is `electionTicks` ticks of the mode's tick (the shortest
 * a timeout can draw), so the numbers scale with the scenario: a slower tick settles longer and
 * allows fewer elections a minute.
 */
export function quietSettings(scenario: Scenario): QuietSettings {
  const electionTimeoutMs = scenario.raft.electionTicks * scenario.cluster.tickMs;
  const { checks } = scenario;
  const defaultMaxPerMinute = 60_000 / (electionTimeoutsPerElection * electionTimeoutMs);
  return {
    settleMs: checks.quiet.settleMs ?? settleElectionTimeouts * electionTimeoutMs,
    minDurationMs: checks.quiet.minDurationMs,
    maxElectionsPerMinute:
      checks.elections === false ? null : (checks.elections.maxPerMinute ?? defaultMaxPerMinute),
  };
}
