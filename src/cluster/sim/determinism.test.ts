import { describe, expect, it } from "vitest";
import type { NodeName } from "../types.js";
import { SimCluster } from "./sim-cluster.js";

/**
 * The proof of the driver's determinism (see SimCluster's class comment): concurrent async
 * clients, sleepers and a fault loop, with promise chains of different depths between their
 * awaits, must produce a byte-identical event trace and identical client outcomes, in the same
 * interleaving, for the same seed — and a different trace for another seed.
 */
interface Run {
  trace: string;
  outcomes: string[];
  timeNs: number;
}

async function run(seed: number): Promise<Run> {
  const cluster = new SimCluster({ seed, nodes: 5, network: { drop: 0.02, reorder: 0.05 } });
  const lines: string[] = [];
  cluster.onEvent((event) => lines.push(JSON.stringify(event)));
  const outcomes: string[] = [];
  await cluster.start();
  const clients = [0, 1, 2, 3].map((id) => client(cluster, id, outcomes));
  const sleepers = [0, 1, 2].map((id) => sleeper(cluster, id, outcomes));
  await Promise.all([...clients, ...sleepers, faults(cluster, outcomes)]);
  await cluster.stop();
  expect(cluster.failure).toBeNull();
  return { trace: lines.join("\n"), outcomes, timeNs: cluster.nowNs };
}

async function client(cluster: SimCluster, id: number, outcomes: string[]): Promise<void> {
  const rng = cluster.random(`client-${id}`);
  const session = cluster.client(`c${id}`);
  let target: NodeName = "n1";
  for (let sequence = 1; sequence <= 25; sequence++) {
    const request =
      sequence % 3 === 0
        ? ({ f: "get", key: "k" } as const)
        : ({ f: "append", key: "k", value: `${id}.${sequence} ` } as const);
    const outcome = await session.call(request, { node: target, sequence, timeoutMs: 300 });
    outcomes.push(`${cluster.nowNs} c${id} #${sequence} ${JSON.stringify(outcome)}`);
    if (outcome.type === "fail" && outcome.hint) target = outcome.hint;
    else if (outcome.type !== "ok") target = rng.pick(cluster.nodes);
    // Continuations of different depths: extra microtask hops must not change the order.
    for (let hop = 0; hop < id; hop++) await Promise.resolve();
    await cluster.clock.sleep(rng.int(0, 40));
  }
}

async function sleeper(cluster: SimCluster, id: number, outcomes: string[]): Promise<void> {
  const rng = cluster.random(`sleeper-${id}`);
  for (let round = 0; round < 40; round++) {
    await cluster.clock.sleep(rng.int(0, 3) * 5);
    outcomes.push(`${cluster.nowNs} sleeper${id} ${round}`);
  }
}

async function faults(cluster: SimCluster, outcomes: string[]): Promise<void> {
  const rng = cluster.random("faults");
  for (let round = 0; round < 4; round++) {
    await cluster.clock.sleep(rng.int(100, 400));
    const victim = rng.pick(cluster.nodes);
    await cluster.crash(victim, { loseUnsynced: rng.chance(0.5) });
    await cluster.partition({ groups: [[rng.pick(cluster.nodes)]] });
    outcomes.push(`${cluster.nowNs} fault ${victim}`);
    await cluster.clock.sleep(rng.int(50, 200));
    await cluster.heal();
    await cluster.restart(victim);
  }
}

describe("simulation determinism", () => {
  it("gives a byte-identical event trace and the same client outcomes twice for one seed, and others for another seed", async () => {
    const first = await run(11);
    const second = await run(11);
    const other = await run(12);
    expect(first.trace.length).toBeGreaterThan(10_000);
    expect(first.outcomes.filter((line) => line.includes('"type":"ok"')).length).toBeGreaterThan(
      20,
    );
    expect(second.trace === first.trace).toBe(true);
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.timeNs).toBe(first.timeNs);
    expect(other.trace === first.trace).toBe(false);
    expect(other.outcomes).not.toEqual(first.outcomes);
  });
});
