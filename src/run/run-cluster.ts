import { join } from "node:path";
import { NodeFailureError } from "../cluster/node-failure.js";
import { createProcessCluster, type UnexpectedExit } from "../cluster/process/process-cluster.js";
import { createSeededRandom, deriveSeed } from "../cluster/process/seeded-random.js";
import { SimCluster } from "../cluster/sim/sim-cluster.js";
import type { Cluster } from "../cluster/types.js";
import type { TransportFigures } from "../report/index.js";
import { assertScenarioRunnable, type Scenario } from "../scenario/index.js";
import { runCapabilities } from "./capabilities.js";
import { IoFailureError, isIoFailureCode } from "./io-failure.js";

/** A uniform float in [0, 1): the shape of randomness the workload and nemesis take. */
export type Random = () => number;

/** The cluster a run drives, with what the run needs beyond the Cluster interface. */
export interface RunCluster {
  cluster: Cluster;
  /** An independent seeded generator per component (workload, nemesis, schedule). */
  random(component: string): Random;
  /**
   * Why the cluster failed on its own, or null: a node's assertion (sim: the Raft error itself),
   * the sim's time limit (SimulationStoppedError), a node that refused to start or died unasked
   * (NodeFailureError, whose `fatal` may be an assertion in process mode), or something else.
   */
  failure(): unknown;
  /** Calls `listener` once when the cluster fails on its own (the run then stops). */
  onFailure(listener: () => void): void;
  /** Process mode: what the nodes' ports and the link proxies refused (read after the stop). */
  transportFigures?(): TransportFigures;
}

/** Virtual time beyond what a run can need (duration, final phase, last timeouts) before the sim stops itself. */
const simRunLimitSlackMs = 60_000;

/** The sim's virtual time limit for a scenario: a bound on any run, above what a healthy run uses. */
export function simRunLimitMs(scenario: Scenario): number {
  const { durationMs, workload, checks } = scenario;
  return durationMs + 2 * workload.timeoutMs + checks.recoverWithinMs + simRunLimitSlackMs;
}

/**
 * Throws a ScenarioError (exit 64), placed in the scenario's file, when the scenario asks for
 * more than the run can do: the check `validate` makes, for a scenario that came another way.
 */
export function assertRunnable(scenario: Scenario): void {
  assertScenarioRunnable(scenario, runCapabilities());
}

/** The Raft settings both modes take in the same shape. */
function raftOptions(scenario: Scenario) {
  const { raft } = scenario;
  return {
    electionTicks: raft.electionTicks,
    heartbeatTicks: raft.heartbeatTicks,
    mutations: raft.mutations,
    ...(raft.maxInflightMessages === null ? {} : { maxInflightMessages: raft.maxInflightMessages }),
    ...(raft.maxInflightBytes === null ? {} : { maxInflightBytes: raft.maxInflightBytes }),
    ...(raft.maxMessageBytes === null ? {} : { maxMessageBytes: raft.maxMessageBytes }),
  };
}

/**
 * Builds the scenario's cluster (not started). A process cluster keeps its nodes' data and logs
 * in `<runDir>/nodes` (DESIGN.md, "Reports and exit codes").
 */
export function createRunCluster(scenario: Scenario, options: { runDir: string }): RunCluster {
  assertRunnable(scenario);
  return scenario.cluster.mode === "sim"
    ? simRunCluster(scenario)
    : processRunCluster(scenario, join(options.runDir, "nodes"));
}

function simRunCluster(scenario: Scenario): RunCluster {
  const cluster = new SimCluster({
    seed: scenario.cluster.seed,
    nodes: scenario.cluster.nodeIds,
    tickMs: scenario.cluster.tickMs,
    raft: raftOptions(scenario),
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
    // The simulator halts itself on failure: the run's awaits end with it.
    onFailure: () => {},
  };
}

/**
 * Process mode: the nemesis, workload and link proxies follow the seed, the timing does not. The
 * scenario's `network` drop/duplicate/reorder become the proxies' baseline (its sim-only delay
 * does not apply to real sockets); its `disk.syncLatency` slows every node's WAL syncs (none
 * added when the scenario gives none: the per-mode default in src/scenario/network.ts).
 */
function processRunCluster(scenario: Scenario, dataRoot: string): RunCluster {
  const { drop, duplicate, reorder } = scenario.network;
  const cluster = createProcessCluster({
    seed: scenario.cluster.seed,
    nodes: scenario.cluster.nodeIds,
    tickMs: scenario.cluster.tickMs,
    raft: raftOptions(scenario),
    network: { drop, duplicate, reorder },
    disk: { syncLatencyMs: [...scenario.disk.syncLatencyMs] },
    dataRoot,
  });
  return {
    cluster,
    random: (component) => {
      const random = createSeededRandom(deriveSeed(scenario.cluster.seed, `user/${component}`));
      return () => random.nextFloat();
    },
    failure: () => {
      const [first] = cluster.unexpectedExits();
      return first === undefined ? null : unexpectedExitError(first);
    },
    onFailure: (listener) => {
      let called = false;
      cluster.onUnexpectedExit(() => {
        if (!called) listener();
        called = true;
      });
    },
    transportFigures: () => cluster.transportRejections(),
  };
}

/**
 * A node process that died unasked: the system's own failure, with what it reported before
 * dying (a Raft invariant assertion among them, which the run counts as an invariant violation).
 * When the disk failed under it (it reported ENOSPC, EROFS, ...), the environment's failure
 * instead: an IoFailureError (exit 74).
 */
export function unexpectedExitError(exit: UnexpectedExit): NodeFailureError | IoFailureError {
  if (exit.fatal !== null && isIoFailureCode(exit.fatal.code)) {
    return new IoFailureError(
      exit.fatal.path ?? "its data directory",
      exit.fatal.code,
      `node ${exit.node}`,
    );
  }
  const how = exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
  return new NodeFailureError(
    exit.node,
    exit.listening ? "died" : "refused-to-start",
    exit.fatal,
    `${how} at ${Math.round(exit.atMs)}ms`,
  );
}
