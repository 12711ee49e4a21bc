import { InvariantChecker } from "../cluster/invariants/index.js";
import type { InvariantViolation } from "../cluster/invariants/violation.js";
import type { Rng } from "../cluster/rng.js";
import { SimCluster } from "../cluster/sim/sim-cluster.js";
import type { ClientOutcome, NodeName } from "../cluster/types.js";
import { formatDurationMs } from "../scenario/units.js";

/**
 * The simulated tour behind `raftctl sim`: a cluster for a simulated duration under a small
 * random fault loop drawn from the seed (partitions, crashes with and without lost or torn
 * unsynced writes, pauses, lossy links) and a light client load, checked by the invariant
 * checker. It lives in `run` because the command line reaches clusters only through here.
 */
export interface FaultRecord {
  atMs: number;
  fault: string;
  targets: string[];
  forMs: number;
  detail: string;
}

export interface SimReport {
  seed: number;
  nodes: number;
  durationMs: number;
  faults: FaultRecord[];
  elections: { term: number; leader: string; atMs: number }[];
  operations: { ok: number; fail: number; unknown: number };
  commitIndex: Record<string, number>;
  eventsChecked: number;
  violations: InvariantViolation[];
  failure: string | null;
  /** Whether `failure` is a Raft invariant assertion (a found violation), not raftctl's own error. */
  failureIsViolation: boolean;
  reproduce: string;
}

/** Faults stop this long before the end, so the report shows the cluster recovered. */
const quietTailMs = 3000;

export async function runSimTour(options: {
  nodes: number;
  durationMs: number;
  seed: number;
}): Promise<SimReport> {
  const cluster = new SimCluster({ seed: options.seed, nodes: options.nodes });
  const checker = new InvariantChecker();
  const elections: SimReport["elections"] = [];
  cluster.onEvent((event) => {
    checker.observe(event);
    if (event.type === "role" && event.role === "leader") {
      elections.push({ term: event.term, leader: event.node, atMs: event.timeNs / 1e6 });
    }
  });
  const operations = { ok: 0, fail: 0, unknown: 0 };
  const faults: FaultRecord[] = [];
  await cluster.start();
  try {
    const endMs = options.durationMs;
    await Promise.all([
      faultLoop(cluster, {
        untilMs: endMs - quietTailMs,
        rng: cluster.random("cli-faults"),
        faults,
      }),
      ...[0, 1, 2].map((client) => clientLoop(cluster, { client, untilMs: endMs, operations })),
    ]);
    await cluster.clock.sleep(Math.max(0, endMs - cluster.clock.now()));
  } catch (error) {
    if (cluster.failure === null) throw error;
  }
  const statuses = await cluster.status();
  await cluster.stop();
  const failure = cluster.failure;
  return {
    seed: options.seed,
    nodes: options.nodes,
    durationMs: options.durationMs,
    faults,
    elections,
    operations,
    commitIndex: Object.fromEntries(statuses.map((status) => [status.node, status.commitIndex])),
    eventsChecked: checker.eventCount,
    violations: checker.violations(),
    failure: failure === null ? null : failure instanceof Error ? failure.message : String(failure),
    failureIsViolation: failure instanceof Error && failure.name === "RaftInvariantError",
    reproduce: `raftctl sim --nodes ${options.nodes} --duration ${formatDurationMs(options.durationMs)} --seed ${options.seed}`,
  };
}

/** One fault at a time: inject, hold, undo, pause between. Everything is healed at the end. */
async function faultLoop(
  cluster: SimCluster,
  options: { untilMs: number; rng: Rng; faults: FaultRecord[] },
): Promise<void> {
  const { rng } = options;
  for (;;) {
    await cluster.clock.sleep(rng.between(1000, 4000));
    if (cluster.clock.now() >= options.untilMs) return;
    const forMs = Math.min(
      rng.between(300, 3000),
      Math.max(0, options.untilMs - cluster.clock.now()),
    );
    const record = await injectFault(cluster, rng, forMs);
    options.faults.push(record);
    await cluster.clock.sleep(forMs);
    await undoFault(cluster, record);
  }
}

async function injectFault(cluster: SimCluster, rng: Rng, forMs: number): Promise<FaultRecord> {
  const atMs = cluster.clock.now();
  const node = rng.pick(cluster.nodes);
  const kind = rng.pick(["partition", "crash", "pause", "network"] as const);
  if (kind === "partition") {
    const shuffled = cluster.nodes.map((name) => ({ name, key: rng.float() }));
    shuffled.sort((a, b) => a.key - b.key);
    const cut = rng.int(1, Math.max(2, Math.ceil(cluster.nodes.length / 2)));
    const minority = shuffled.slice(0, cut).map((entry) => entry.name);
    await cluster.partition({ groups: [minority] });
    const rest = cluster.nodes.filter((name) => !minority.includes(name));
    return {
      atMs,
      fault: "partition",
      targets: minority,
      forMs,
      detail: `${minority.join(" ")} | ${rest.join(" ")}`,
    };
  }
  if (kind === "crash") {
    const loseUnsynced = rng.chance(0.5);
    const tornWrite = loseUnsynced && rng.chance(0.5);
    await cluster.crash(node, { loseUnsynced, tornWrite });
    const how = tornWrite ? "torn write" : loseUnsynced ? "lose unsynced" : "plain";
    return { atMs, fault: "crash", targets: [node], forMs, detail: `${node} (${how})` };
  }
  if (kind === "pause") {
    await cluster.pause(node);
    return { atMs, fault: "pause", targets: [node], forMs, detail: node };
  }
  const drop = Math.round(rng.between(0.05, 0.3) * 100) / 100;
  await cluster.setLinkFaults({ drop, duplicate: 0.05, reorder: 0.1, delayMs: [0, 20] });
  return {
    atMs,
    fault: "network",
    targets: [...cluster.nodes],
    forMs,
    detail: `drop ${drop}, duplicate 0.05, reorder 0.1, delay 0-20ms`,
  };
}

async function undoFault(cluster: SimCluster, record: FaultRecord): Promise<void> {
  const node = record.targets[0] as NodeName;
  if (record.fault === "partition") await cluster.heal();
  else if (record.fault === "crash") await cluster.restart(node);
  else if (record.fault === "pause") await cluster.resume(node);
  else await cluster.setLinkFaults({});
}

/** A light load: one operation at a time per client, following leader hints. */
async function clientLoop(
  cluster: SimCluster,
  options: { client: number; untilMs: number; operations: SimReport["operations"] },
): Promise<void> {
  const rng = cluster.random(`cli-client-${options.client}`);
  const session = cluster.client(`sim-client-${options.client}`);
  let target: NodeName = rng.pick(cluster.nodes);
  for (let sequence = 1; cluster.clock.now() < options.untilMs - 500; sequence++) {
    const key = `k${rng.int(0, 4)}`;
    const request = rng.chance(0.5)
      ? ({ f: "get", key } as const)
      : ({ f: "append", key, value: `${options.client}.${sequence} ` } as const);
    const outcome: ClientOutcome = await session.call(request, {
      node: target,
      sequence,
      timeoutMs: 500,
    });
    options.operations[outcome.type]++;
    if (outcome.type === "fail" && outcome.hint !== undefined) target = outcome.hint;
    else if (outcome.type !== "ok") target = rng.pick(cluster.nodes);
    await cluster.clock.sleep(rng.between(20, 100));
  }
}
