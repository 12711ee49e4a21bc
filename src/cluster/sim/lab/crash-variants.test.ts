import { describe, expect, it } from "vitest";
import type { Rng } from "../../../raft/random/rng.js";
import { InvariantChecker } from "../../invariants/index.js";
import type { CrashOptions } from "../../types.js";
import { SimCluster } from "../sim-cluster.js";
import type { SimClusterOptions } from "../sim-options.js";
import { lostOrDuplicated, readFinalValue, runAppendClients } from "../testing/append-workload.js";
import { type LabHarness, labSeeds, withLab } from "../testing/lab-harness.js";
import {
  type Acknowledged,
  figure8,
  persist1,
  persist2,
  persist3,
} from "./persistence-scenarios.js";

/**
 * The lab's persistence tests again, with crashes that also lose the unsynced bytes (a power
 * cut) or tear the last write, plus a client-level test: no write a client saw acknowledged may
 * be lost, whatever crashes follow.
 */
const crashKinds: [string, CrashOptions][] = [
  ["loseUnsynced", { loseUnsynced: true }],
  ["tornWrite", { loseUnsynced: true, tornWrite: true }],
];

async function expectKept(lab: LabHarness, acknowledged: Acknowledged): Promise<void> {
  for (const [index, command] of acknowledged) {
    const value = await lab.wait(index, lab.servers, -1);
    if (value !== command)
      lab.fail(`acknowledged ${command} at index ${index} was lost: found ${value}`);
  }
}

describe.each(labSeeds())("crash variants, seed %i", (seed) => {
  describe.each(crashKinds)("with %s crashes", (_name, crash) => {
    it("Persist1 loses no acknowledged command", async () => {
      await withLab({ servers: 3, seed }, async (lab) =>
        expectKept(lab, await persist1(lab, crash)),
      );
    });
    it("Persist2 loses no acknowledged command", async () => {
      await withLab({ servers: 5, seed }, async (lab) =>
        expectKept(lab, await persist2(lab, crash)),
      );
    });
    it("Persist3 loses no acknowledged command", async () => {
      await withLab({ servers: 3, seed }, async (lab) =>
        expectKept(lab, await persist3(lab, crash)),
      );
    });
    it("Figure8 loses no acknowledged command", async () => {
      await withLab({ servers: 5, seed }, async (lab) =>
        expectKept(lab, await figure8(lab, { crash, iterations: 300 })),
      );
    });
  });

  it("keeps every acknowledged client append, exactly once, through whole-cluster power cuts and torn writes", async () => {
    const outcome = await appendsUnderPowerCuts({ seed, sim: {} });
    expect(outcome.failure).toBeNull();
    expect(outcome.violations).toEqual([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.acknowledged).toBeGreaterThan(20);
  });
});

describe("the acknowledged-writes check", () => {
  it("catches the ack-before-fsync mutation: some seed loses an acknowledged write or breaks an invariant", async () => {
    const found: number[] = [];
    for (let seed = 1; seed <= 12 && found.length === 0; seed++) {
      const outcome = await appendsUnderPowerCuts({
        seed,
        sim: { raft: { mutations: ["ack-before-fsync"] }, disk: { syncLatencyMs: [5, 20] } },
      });
      if (
        outcome.problems.length > 0 ||
        outcome.violations.length > 0 ||
        outcome.failure !== null
      ) {
        found.push(seed);
      }
    }
    expect(found.length).toBe(1);
  });
});

interface PowerCutOutcome {
  acknowledged: number;
  problems: string[];
  violations: unknown[];
  failure: unknown;
}

/**
 * Three nodes, four appending clients for 8 simulated seconds; every 150-400 ms a random
 * non-empty set of nodes (often all) loses power (loseUnsynced, half the time tearing the last
 * write) and comes back 20-150 ms later. Then everything heals and a final linearizable read
 * must hold every acknowledged token exactly once.
 */
async function appendsUnderPowerCuts(options: {
  seed: number;
  sim: Partial<SimClusterOptions>;
}): Promise<PowerCutOutcome> {
  const cluster = new SimCluster({ seed: options.seed, nodes: 3, ...options.sim });
  const checker = new InvariantChecker();
  cluster.onEvent((event) => checker.observe(event));
  await cluster.start();
  const untilMs = 8000;
  let problems: string[] = [];
  let acknowledged = 0;
  try {
    const [result] = await Promise.all([
      runAppendClients(cluster, { clients: 4, untilMs, rng: cluster.random("clients") }),
      powerCuts(cluster, { untilMs, rng: cluster.random("power-cuts") }),
    ]);
    await cluster.clock.sleep(500);
    const finalValue = await readFinalValue(cluster, cluster.random("final-read"));
    problems = lostOrDuplicated(finalValue, result.acknowledged);
    acknowledged = result.acknowledged.length;
  } catch (error) {
    if (cluster.failure === null) throw error;
  }
  await cluster.stop();
  return { acknowledged, problems, violations: checker.violations(), failure: cluster.failure };
}

async function powerCuts(
  cluster: SimCluster,
  options: { untilMs: number; rng: Rng },
): Promise<void> {
  const { rng } = options;
  while (cluster.clock.now() < options.untilMs - 500) {
    await cluster.clock.sleep(rng.between(150, 400));
    const victims = rng.chance(0.5)
      ? [...cluster.nodes]
      : cluster.nodes.filter(() => rng.chance(0.5));
    const tornWrite = rng.chance(0.5);
    for (const node of victims) await cluster.crash(node, { loseUnsynced: true, tornWrite });
    await cluster.clock.sleep(rng.between(20, 150));
    for (const node of victims) await cluster.restart(node);
  }
}
