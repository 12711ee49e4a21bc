import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { InvariantChecker } from "../../cluster/invariants/index.js";
import type { InvariantViolation } from "../../cluster/invariants/violation.js";
import type { Rng } from "../../cluster/sim/rng.js";
import { SimCluster } from "../../cluster/sim/sim-cluster.js";
import type { ClientOutcome, NodeName } from "../../cluster/types.js";
import { formatDurationMs, parseDurationMs } from "../../scenario/units.js";
import { ExitCode } from "../exit-codes.js";
import { UsageError } from "../handle-error.js";
import type { CommandContext } from "../program.js";

/**
 * `raftctl sim [--nodes 5] [--duration 30s] [--seed N] [--json]`: runs a simulated cluster for
 * the simulated duration under a small random fault loop drawn from the seed (partitions,
 * crashes with and without lost or torn unsynced writes, pauses, lossy links), with a light
 * client load, and prints what happened. Exit 1 when an invariant broke (or a node's own
 * assertion fired), 0 otherwise. The main job until `raftctl run` exists.
 *
 * It reaches into `cluster` directly (DESIGN.md's arrows send cli through `run`); it is meant to
 * move behind `run` once that exists.
 */
interface SimCommandOptions {
  nodes: string;
  duration: string;
  seed?: string;
  json?: boolean;
}

interface FaultRecord {
  atMs: number;
  fault: string;
  targets: string[];
  forMs: number;
  detail: string;
}

interface SimReport {
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

const durationMsMax = 3_600_000;
/** Faults stop this long before the end, so the report shows the cluster recovered. */
const quietTailMs = 3000;

export function registerSimCommand(program: Command, context: CommandContext): void {
  program
    .command("sim")
    .description("run a simulated cluster under random faults and print what happened")
    .option("--nodes <count>", "number of nodes (1 to 9)", "5")
    .option("--duration <duration>", "simulated time to run, e.g. 30s, 2m", "30s")
    .option("--seed <n>", "the seed (a non-negative integer); random when omitted")
    .option("--json", "print the report as one JSON object")
    .action(async (options: SimCommandOptions) => {
      const report = await runSim(parseOptions(options));
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
      );
      context.setExitCode(exitCodeOf(report));
    });
}

/** 1 for a broken invariant (found by the checker or asserted by a node), 70 for raftctl's own failure. */
function exitCodeOf(report: SimReport): number {
  if (report.violations.length > 0 || report.failureIsViolation) return ExitCode.failed;
  if (report.failure !== null) return ExitCode.internal;
  return ExitCode.passed;
}

function parseOptions(options: SimCommandOptions): {
  nodes: number;
  durationMs: number;
  seed: number;
} {
  const nodes = Number(options.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
    throw new UsageError(`--nodes must be an integer from 1 to 9, got '${options.nodes}'`);
  }
  const durationMs = parseDurationMs(options.duration);
  if (!(durationMs >= 1000 && durationMs <= durationMsMax)) {
    throw new UsageError(`--duration must be between 1s and 1h, got '${options.duration}'`);
  }
  const seed = options.seed === undefined ? randomInt(0, 2 ** 31) : Number(options.seed);
  if (!/^\d+$/.test(options.seed ?? "0") || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be a non-negative integer, got '${options.seed}'`);
  }
  return { nodes, durationMs, seed };
}

async function runSim(options: {
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

function formatReport(report: SimReport): string {
  const lines = [
    `raftctl sim: ${report.nodes} nodes, ${formatDurationMs(report.durationMs)} simulated, seed ${report.seed}`,
  ];
  for (const fault of report.faults) {
    lines.push(
      `  ${seconds(fault.atMs)}  ${fault.fault.padEnd(9)} ${fault.detail} for ${formatDurationMs(fault.forMs)}`,
    );
  }
  const terms = report.elections.map((election) => election.term);
  const leaders = report.elections
    .map((election) => `${election.leader}@${election.term}`)
    .join(" ");
  lines.push(
    `elections: ${report.elections.length}, last term ${terms.length ? Math.max(...terms) : 0}${leaders ? ` (${leaders})` : ""}`,
  );
  const { ok, fail, unknown } = report.operations;
  lines.push(`operations: ${ok} ok, ${fail} fail, ${unknown} unknown`);
  lines.push(
    `committed index: ${Object.entries(report.commitIndex)
      .map(([node, index]) => `${node} ${index}`)
      .join(", ")}`,
  );
  if (report.failure !== null) lines.push(`FAILED: ${report.failure}`);
  if (report.violations.length === 0) {
    lines.push(`invariants: no violations in ${report.eventsChecked} events`);
  } else {
    lines.push(`invariants: ${report.violations.length} violation(s)`);
    for (const violation of report.violations.slice(0, 10))
      lines.push(`  ${violation.rule}: ${violation.message}`);
  }
  lines.push(`seed ${report.seed}; reproduce with: ${report.reproduce}`);
  return `${lines.join("\n")}\n`;
}

function seconds(timeMs: number): string {
  return `${(timeMs / 1000).toFixed(3)}s`.padStart(9);
}
