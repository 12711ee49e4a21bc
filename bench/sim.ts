/**
 * The simulator benchmark (`npm run bench:sim`): a 5-node cluster for 60 simulated seconds under
 * an open-loop client load of 200 operations per second (half gets, half puts, over 8 keys, from
 * a pool of clients), with one partition (the leader isolated from 20 s to 25 s) and one crash (a
 * follower, 35 s to 40 s, losing its unsynced writes). Run with every node event kept in memory
 * and with no event listener at all, several times each. Prints one JSON object.
 *
 *   npm run bench:sim                    the compiled simulator (dist/, what `npx raftctl`
 *                                        runs), built first with `npm run build`
 *   npm run bench:sim -- --no-build      the compiled simulator as it is
 *   npm run bench:sim -- --runner tsx    the sources through tsx (no build; tsx's transform keeps
 *                                        function names with a call per closure, a few % slower)
 */

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SimCluster } from "../src/cluster/sim/sim-cluster.js";
import type { ClientOutcome, ClusterClient, NodeName } from "../src/cluster/types.js";
import type { NodeEvent } from "../src/history/events.js";
import {
  buildPackage,
  type RunnerOptions,
  repositoryRoot,
  takeRunnerFlag,
} from "./build-package.js";

const simulatedMs = 60_000;
const operationsPerSecond = 200;
const keys = 8;
const timeoutMs = 1000;

interface RunFigures {
  eventsKept: boolean;
  wallMs: number;
  /** CPU time of this process during the run: steadier than wall time on a shared machine. */
  cpuMs: number;
  simSecondsPerCpuSecond: number;
  simulatedSeconds: number;
  simSecondsPerWallSecond: number;
  schedulerEvents: number;
  eventsPerSecond: number;
  nodeEvents: number;
  operations: number;
  ok: number;
  fail: number;
  unknown: number;
  committedOperationsPerWallSecond: number;
  messagesSent: number;
}

type SimClusterClass = typeof import("../src/cluster/sim/sim-cluster.js").SimCluster;

function parseOptions(argv: readonly string[]): RunnerOptions {
  const options: RunnerOptions = { runner: "dist", build: true };
  for (let position = 0; position < argv.length; ) {
    const used = takeRunnerFlag(argv, position, options);
    if (used === 0) {
      throw new Error(`unknown argument '${argv[position]}'; use --runner dist|tsx, --no-build`);
    }
    position += used;
  }
  return options;
}

/** The simulator from dist/ (built first unless --no-build) or from the sources. */
async function loadSimCluster(options: RunnerOptions): Promise<SimClusterClass> {
  if (options.runner === "tsx") {
    return (await import("../src/cluster/sim/sim-cluster.js")).SimCluster;
  }
  if (options.build) buildPackage();
  const compiled = pathToFileURL(join(repositoryRoot, "dist/cluster/sim/sim-cluster.js"));
  const module = (await import(compiled.href)) as { SimCluster: SimClusterClass };
  return module.SimCluster;
}

const benchOptions = parseOptions(process.argv.slice(2));
const SimClusterImplementation = await loadSimCluster(benchOptions);

async function runOnce(options: { keepEvents: boolean; seed: number }): Promise<RunFigures> {
  const cluster = new SimClusterImplementation({ seed: options.seed, nodes: 5 });
  const kept: NodeEvent[] = [];
  if (options.keepEvents) cluster.onEvent((event) => kept.push(event));
  const outcomes = { ok: 0, fail: 0, unknown: 0 };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await cluster.start();
  const load = openLoopLoad(cluster, outcomes);
  const faults = faultSchedule(cluster);
  await Promise.all([load, faults]);
  await cluster.stop();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (cluster.failure !== null) throw cluster.failure;
  const stats = cluster.stats();
  const operations = outcomes.ok + outcomes.fail + outcomes.unknown;
  return {
    eventsKept: options.keepEvents,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    simSecondsPerCpuSecond: round(stats.timeNs / 1e9 / (cpuMs / 1000)),
    simulatedSeconds: stats.timeNs / 1e9,
    simSecondsPerWallSecond: round(stats.timeNs / 1e9 / (wallMs / 1000)),
    schedulerEvents: stats.eventsRun,
    eventsPerSecond: Math.round(stats.eventsRun / (wallMs / 1000)),
    nodeEvents: kept.length,
    operations,
    ...outcomes,
    committedOperationsPerWallSecond: Math.round(outcomes.ok / (wallMs / 1000)),
    messagesSent: stats.network.sent,
  };
}

/**
 * Starts one operation every 1/rate seconds without waiting for earlier ones (open loop). Each
 * operation takes an idle client from a pool (a new one only when all are busy), as Jepsen's
 * worker processes do, so the sessions the replicas remember stay as few as the clients that
 * were ever busy at once; each call of a client carries its next sequence number, and a retry
 * after a refusal the same one. Settled operations are only counted, not kept: a list of every
 * operation's promise would be the harness's own garbage, copied by every collection.
 */
async function openLoopLoad(
  cluster: SimCluster,
  outcomes: Record<ClientOutcome["type"], number>,
): Promise<void> {
  const rng = cluster.random("bench-load");
  const intervalMs = 1000 / operationsPerSecond;
  const idle: PooledClient[] = [];
  let clientsCreated = 0;
  let outstanding = 0;
  let drained: (() => void) | null = null;
  let leader: NodeName = cluster.nodes[0] as NodeName;
  for (let operation = 0; cluster.clock.now() < simulatedMs - timeoutMs; operation++) {
    const pooled = idle.pop() ?? { client: cluster.client(`c${++clientsCreated}`), sequence: 0 };
    const sequence = ++pooled.sequence;
    const key = `k${rng.int(0, keys)}`;
    const request = rng.chance(0.5)
      ? ({ f: "get", key } as const)
      : ({ f: "put", key, value: String(operation) } as const);
    const attempt = async () => {
      const { client } = pooled;
      let outcome = await client.call(request, { node: leader, sequence, timeoutMs });
      if (outcome.type === "fail" && outcome.hint !== undefined) {
        leader = outcome.hint;
        outcome = await client.call(request, { node: leader, sequence, timeoutMs });
      } else if (outcome.type !== "ok") {
        leader = rng.pick(cluster.nodes);
      }
      outcomes[outcome.type]++;
      idle.push(pooled);
      outstanding--;
      if (outstanding === 0) drained?.();
    };
    outstanding++;
    void attempt();
    await cluster.clock.sleep(intervalMs);
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
}

interface PooledClient {
  client: ClusterClient;
  sequence: number;
}

async function faultSchedule(cluster: SimCluster): Promise<void> {
  await cluster.clock.sleep(20_000);
  const leader = (await cluster.status()).find((node) => node.role === "leader")?.node ?? "n1";
  const others = cluster.nodes.filter((node) => node !== leader);
  await cluster.partition({ groups: [[leader], others] });
  await cluster.clock.sleep(5_000);
  await cluster.heal();
  await cluster.clock.sleep(10_000);
  const follower = (await cluster.status()).find((node) => node.role === "follower")?.node ?? "n2";
  await cluster.crash(follower, { loseUnsynced: true });
  await cluster.clock.sleep(5_000);
  await cluster.restart(follower);
  await cluster.clock.sleep(simulatedMs - cluster.clock.now());
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The run whose wall time is the median of `runs` (an odd count). */
function medianRun(runs: RunFigures[]): RunFigures {
  const sorted = [...runs].sort((left, right) => left.wallMs - right.wallMs);
  return sorted[Math.floor(sorted.length / 2)] as RunFigures;
}

const seed = Number(process.env.RAFTCTL_BENCH_SEED ?? 1);
const repetitions = Number(process.env.RAFTCTL_BENCH_REPETITIONS ?? 7);
// Runs before the measured ones, the cold first run included. The cold run pays for JIT
// compilation; V8's optimizing compiler is still at work in the next two (with --trace-opt: about
// 330 functions optimized in the first run, 60 in the second, 20 in the third, at most a handful
// in each later one). The measured runs then see the optimized code a long soak runs on. Each
// figure is the median of `repetitions` runs (the machine is shared, and one run's wall time
// varies by a third); the fastest is printed too, and the cold run's figures.
const warmupRuns = 3;
const cold = await runOnce({ keepEvents: false, seed });
for (let run = 1; run < warmupRuns; run++) await runOnce({ keepEvents: false, seed });
const kept: RunFigures[] = [];
const off: RunFigures[] = [];
// All runs without events first: a run that keeps a million events leaves the heap larger
// for whatever runs next.
for (let repetition = 0; repetition < repetitions; repetition++) {
  off.push(await runOnce({ keepEvents: false, seed }));
}
// The event paths (building and delivering every node event) run for the first time here.
await runOnce({ keepEvents: true, seed });
for (let repetition = 0; repetition < repetitions; repetition++) {
  kept.push(await runOnce({ keepEvents: true, seed }));
}
const withEvents = medianRun(kept);
const withoutEvents = medianRun(off);
const fastest = (runs: RunFigures[]) => Math.max(...runs.map((run) => run.simSecondsPerWallSecond));
const target = 300;
console.log(
  JSON.stringify(
    {
      benchmark: "sim",
      runner:
        benchOptions.runner === "dist"
          ? "dist/ (the compiled code npx raftctl runs)"
          : "src/ through tsx",
      seed,
      nodes: 5,
      simulatedSeconds: simulatedMs / 1000,
      operationsPerSecond,
      repetitions,
      warmupRuns,
      simSecondsPerWallSecond: withoutEvents.simSecondsPerWallSecond,
      eventsPerSecond: withoutEvents.eventsPerSecond,
      committedOperationsPerWallSecond: withoutEvents.committedOperationsPerWallSecond,
      targetSimSecondsPerWallSecond: target,
      fastestSimSecondsPerWallSecond: {
        eventStreamOff: fastest(off),
        eventStreamKept: fastest(kept),
      },
      eventStreamKept: withEvents,
      eventStreamOff: withoutEvents,
      coldFirstRun: cold,
    },
    null,
    2,
  ),
);
