import { describe, expect, it } from "vitest";
import type { NodeEvent } from "../../history/events.js";
import { SimCluster } from "../sim/sim-cluster.js";
import type { NodeName } from "../types.js";
import { checkInvariants } from "./invariant-checker.js";

/**
 * The checker against real traces: a correct Raft under crashes (plain, lose-unsynced, torn),
 * a partition and a lossy network must show no violation (no false positives), and tampering
 * with one event of such a trace must be caught (the rules are not vacuous on real streams).
 */

const simulatedMs = 6000;

const traces = new Map<number, Promise<NodeEvent[]>>();

/** One trace per seed, shared by the tests (the simulation is deterministic). */
function simulatedTrace(seed: number): Promise<NodeEvent[]> {
  let trace = traces.get(seed);
  if (trace === undefined) {
    trace = simulate(seed);
    traces.set(seed, trace);
  }
  return trace;
}

async function simulate(seed: number): Promise<NodeEvent[]> {
  const cluster = new SimCluster({
    seed,
    nodes: 5,
    network: { drop: 0.02, duplicate: 0.02, reorder: 0.05 },
  });
  const events: NodeEvent[] = [];
  cluster.onEvent((event) => events.push(event));
  await cluster.start();
  await Promise.all([writeLoad(cluster), faults(cluster)]);
  await cluster.stop();
  if (cluster.failure !== null) throw cluster.failure;
  return events;
}

async function writeLoad(cluster: SimCluster): Promise<void> {
  const rng = cluster.random("invariants-load");
  const calls: Promise<unknown>[] = [];
  let leader: NodeName = cluster.nodes[0]!;
  for (let operation = 0; cluster.clock.now() < simulatedMs - 500; operation++) {
    const client = cluster.client(`c${operation % 10}`);
    const request =
      operation % 2 === 0
        ? ({ f: "append", key: `k${rng.int(0, 3)}`, value: `${operation},` } as const)
        : ({ f: "cas", key: `k${rng.int(0, 3)}`, from: null, to: String(operation) } as const);
    const call = client.call(request, { node: leader, sequence: operation, timeoutMs: 400 });
    calls.push(
      call.then((outcome) => {
        if (outcome.type === "fail" && outcome.hint !== undefined) leader = outcome.hint;
        else if (outcome.type !== "ok") leader = rng.pick(cluster.nodes);
      }),
    );
    await cluster.clock.sleep(10);
  }
  await Promise.all(calls);
}

async function faults(cluster: SimCluster): Promise<void> {
  const leaderNow = async () =>
    (await cluster.status()).find((node) => node.role === "leader")?.node ?? "n1";
  await cluster.clock.sleep(1000);
  const leader = await leaderNow();
  await cluster.crash(leader, { loseUnsynced: true });
  await cluster.clock.sleep(400);
  await cluster.restart(leader);
  await cluster.clock.sleep(600);
  const isolated = await leaderNow();
  await cluster.partition({
    groups: [[isolated], cluster.nodes.filter((node) => node !== isolated)],
  });
  await cluster.clock.sleep(800);
  await cluster.heal();
  for (const [position, node] of ["n2", "n3", "n4"].entries()) {
    await cluster.crash(node, { loseUnsynced: position !== 1, tornWrite: position === 2 });
    await cluster.clock.sleep(300);
    await cluster.restart(node);
    await cluster.clock.sleep(300);
  }
}

/** A copy of `events` with the event at `position` replaced by `replacement` (or removed). */
function tampered(events: NodeEvent[], position: number, replacement: NodeEvent[]): NodeEvent[] {
  return [...events.slice(0, position), ...replacement, ...events.slice(position + 1)];
}

function lastPosition(events: NodeEvent[], predicate: (event: NodeEvent) => boolean): number {
  const position = events.findLastIndex(predicate);
  if (position < 0) throw new Error("the trace lacks the event a tampering test needs");
  return position;
}

/** The position of an apply (above index 10) that its node follows with the next apply, no restart between. */
function applyFollowedByAnother(events: NodeEvent[]): number {
  for (let position = events.length - 1; position >= 0; position--) {
    const event = events[position]!;
    if (event.type !== "apply" || event.index <= 10) continue;
    const next = events
      .slice(position + 1)
      .find(
        (later) => later.node === event.node && ["apply", "crash", "restart"].includes(later.type),
      );
    if (next?.type === "apply" && next.index === event.index + 1) return position;
  }
  throw new Error("the trace lacks two consecutive applies on one node");
}

const seeds = Array.from({ length: Number(process.env.RAFTCTL_TEST_SEEDS ?? 3) }, (_, k) => k + 1);

describe("invariants on simulated runs", () => {
  it.each(seeds)(
    "finds no violation in a correct run with crashes and a partition (seed %i)",
    async (seed) => {
      const events = await simulatedTrace(seed);
      expect(events.some((event) => event.type === "crash")).toBe(true);
      expect(events.filter((event) => event.type === "apply").length).toBeGreaterThan(500);
      expect(checkInvariants(events)).toEqual([]);
    },
  );

  it("catches each kind of tampering with one event of a real trace", async () => {
    const events = await simulatedTrace(1);
    const applyAt = applyFollowedByAnother(events);
    const apply = events[applyAt] as Extract<NodeEvent, { type: "apply" }>;
    const changedHash = tampered(events, applyAt, [{ ...apply, entryHash: "forged" }]);
    expect(checkInvariants(changedHash).map((violation) => violation.rule)).toContain(
      "state-machine-safety",
    );

    const skipped = tampered(events, applyAt, []);
    const skippedRules = checkInvariants(skipped).map((violation) => violation.rule);
    const appliedLater = events
      .slice(applyAt + 1)
      .some((event) => event.type === "apply" && event.node === apply.node);
    if (appliedLater) expect(skippedRules).toContain("applied-index-monotonic");

    const leaderAt = lastPosition(
      events,
      (event) => event.type === "role" && event.role === "leader",
    );
    const leader = events[leaderAt] as Extract<NodeEvent, { type: "role" }>;
    const rival = leader.node === "n1" ? "n2" : "n1";
    const twoLeaders = tampered(events, leaderAt, [leader, { ...leader, node: rival }]);
    expect(checkInvariants(twoLeaders)).toContainEqual(
      expect.objectContaining({ rule: "election-safety", node: rival, term: leader.term }),
    );

    const commitAt = lastPosition(events, (event) => event.type === "commit" && event.index > 10);
    const commit = events[commitAt] as Extract<NodeEvent, { type: "commit" }>;
    const truncation: NodeEvent = {
      timeNs: commit.timeNs,
      node: commit.node,
      type: "truncate",
      fromIndex: 5,
    };
    expect(checkInvariants(tampered(events, commitAt, [commit, truncation]))).toContainEqual(
      expect.objectContaining({ rule: "committed-entries-kept", node: commit.node, index: 5 }),
    );
  });
});
