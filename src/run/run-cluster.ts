import { SimCluster } from "../cluster/sim/sim-cluster.js";
import type { Cluster } from "../cluster/types.js";
import type { Scenario } from "../scenario/index.js";
import { RunSetupError } from "./errors.js";
import { checkMutationNames } from "./mutations.js";

/** A uniform float in [0, 1): the shape of randomness the workload and nemesis take. */
export type Random = () => number;

/** The cluster a run drives, with what the run needs beyond the Cluster interface. */
export interface RunCluster {
  cluster: Cluster;
  /** An independent seeded generator per component (workload, nemesis, schedule). */
  random(component: string): Random;
  /** Why the cluster stopped on its own (a node's assertion, the sim's time limit), or null. */
  failure(): unknown;
}

/** Virtual time beyond what a run can need (duration, final phase, last timeouts) before the sim stops itself. */
const simRunLimitSlackMs = 60_000;

/** The sim's virtual time limit for a scenario: a bound on any run, above what a healthy run uses. */
export function simRunLimitMs(scenario: Scenario): number {
  const { durationMs, workload, checks } = scenario;
  return durationMs + 2 * workload.timeoutMs + checks.recoverWithinMs + simRunLimitSlackMs;
}

/**
 * Throws a RunSetupError (exit 64) when the scenario cannot run here: an unknown mutation, a
 * mode this build does not offer. `where` names the scenario in the message (its file).
 */
export function assertRunnable(scenario: Scenario, where: string): void {
  checkMutationNames(scenario.raft.mutations, where);
  if (scenario.cluster.mode === "process") {
    throw new RunSetupError(
      `${where}: cluster.mode: process mode is not available in this build of raftctl yet; run it with --mode sim`,
    );
  }
}

/** Builds the scenario's cluster (not started); see `assertRunnable` for what it refuses. */
export function createRunCluster(scenario: Scenario): RunCluster {
  assertRunnable(scenario, `scenario ${scenario.name}`);
  const cluster = new SimCluster({
    seed: scenario.cluster.seed,
    nodes: scenario.cluster.nodeIds,
    tickMs: scenario.cluster.tickMs,
    raft: {
      electionTicks: scenario.raft.electionTicks,
      heartbeatTicks: scenario.raft.heartbeatTicks,
      mutations: scenario.raft.mutations,
      ...(scenario.raft.maxInflightMessages === null
        ? {}
        : { maxInflightMessages: scenario.raft.maxInflightMessages }),
      ...(scenario.raft.maxInflightBytes === null
        ? {}
        : { maxInflightBytes: scenario.raft.maxInflightBytes }),
    },
    network: {
      delayMs: [...scenario.network.delayMs],
      drop: scenario.network.drop,
      duplicate: scenario.network.duplicate,
      reorder: scenario.network.reorder,
    },
    disk: { syncLatencyMs: [...scenario.disk.syncLatencyMs] },
    runLimitMs: simRunLimitMs(scenario),
  });
  return {
    cluster,
    random: (component) => {
      const rng = cluster.random(component);
      return () => rng.float();
    },
    failure: () => cluster.failure,
  };
}
