/**
 * The process-mode benchmark (`npm run bench:process`): 3- and 5-node clusters of real node
 * processes with fsync, 16 concurrent closed-loop clients doing 100-byte puts over 1,000 keys for
 * 20 s after a 2 s warm-up, then the same with linearizable gets; once through the harness's
 * link proxies and once with nodes connected directly. Prints one JSON object: operations per
 * second, latency p50/p99/max, and the file system the data lived on.
 *
 * The bar for the direct figures is etcd 3.4 measured the same way on this machine kind: 3 nodes
 * ~1,440 puts/s (p50 10 ms, p99 29 ms) and 2,600 gets/s; 5 nodes ~820 puts/s (p50 18 ms, p99
 * 49 ms) and 1,700 gets/s.
 *
 * Options: --seconds N (measured, default 20), --warmup N (default 2), --nodes 3,5,
 * --modes proxied,direct, --data DIR (default: a temporary directory, removed afterwards).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  createProcessCluster,
  type ProcessCluster,
} from "../src/cluster/process/process-cluster.js";
import { createSeededRandom } from "../src/cluster/process/seeded-random.js";
import type { ClusterClient, KvRequest, NodeName } from "../src/cluster/types.js";

const clientsCount = 16;
const keysCount = 1000;
const valueBytes = 100;
const callTimeoutMs = 2000;

interface PhaseFigures {
  operations: "put" | "get";
  operationsPerSecond: number;
  ok: number;
  failed: number;
  unknown: number;
  latencyMsP50: number;
  latencyMsP99: number;
  latencyMsMax: number;
}

interface ClusterFigures {
  nodes: number;
  links: "proxied" | "direct";
  puts: PhaseFigures;
  gets: PhaseFigures;
}

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "2" },
    nodes: { type: "string", default: "3,5" },
    modes: { type: "string", default: "proxied,direct" },
    data: { type: "string" },
  },
});
const measuredMs = Number(values.seconds) * 1000;
const warmupMs = Number(values.warmup) * 1000;

async function main(): Promise<void> {
  const dataRoot = values.data ?? fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-bench-"));
  fs.mkdirSync(dataRoot, { recursive: true });
  const results: ClusterFigures[] = [];
  try {
    for (const nodes of values.nodes.split(",").map(Number)) {
      for (const links of values.modes.split(",") as ("proxied" | "direct")[]) {
        const directory = path.join(dataRoot, `${nodes}-${links}`);
        results.push(await benchCluster({ nodes, links, dataRoot: directory }));
      }
    }
    const output = {
      benchmark: "process",
      node: process.version,
      cpus: os.cpus().length,
      clients: clientsCount,
      keys: keysCount,
      valueBytes,
      warmupSeconds: warmupMs / 1000,
      measuredSeconds: measuredMs / 1000,
      fileSystem: fileSystemOf(dataRoot),
      results,
    };
    console.log(JSON.stringify(output, null, 2));
  } finally {
    if (values.data === undefined) fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

async function benchCluster(options: {
  nodes: number;
  links: "proxied" | "direct";
  dataRoot: string;
}): Promise<ClusterFigures> {
  const cluster = createProcessCluster({
    seed: 1,
    nodes: options.nodes,
    dataRoot: options.dataRoot,
    direct: options.links === "direct",
    nodeEvents: false,
  });
  await cluster.start();
  try {
    await waitForLeader(cluster);
    const puts = await runPhase(cluster, "put");
    const gets = await runPhase(cluster, "get");
    const unexpected = cluster.unexpectedExits();
    if (unexpected.length > 0) throw new Error(`a node died: ${JSON.stringify(unexpected[0])}`);
    return { nodes: options.nodes, links: options.links, puts, gets };
  } finally {
    await cluster.stop();
  }
}

/** 16 closed-loop clients for warm-up plus the measured time; only the measured window counts. */
async function runPhase(cluster: ProcessCluster, operations: "put" | "get"): Promise<PhaseFigures> {
  const random = createSeededRandom(operations === "put" ? 1 : 2);
  const value = "v".repeat(valueBytes);
  const startMs = performance.now();
  const measureFromMs = startMs + warmupMs;
  const endMs = measureFromMs + measuredMs;
  const latencies: number[] = [];
  const counts = { failed: 0, unknown: 0 };
  let leader = await waitForLeader(cluster);
  const clientLoop = async (client: ClusterClient) => {
    for (let sequence = 1; performance.now() < endMs; sequence++) {
      const key = `key-${Math.floor(random.nextFloat() * keysCount)}`;
      const request: KvRequest =
        operations === "put" ? { f: "put", key, value } : { f: "get", key };
      const sentMs = performance.now();
      const outcome = await client.call(request, {
        node: leader,
        sequence,
        timeoutMs: callTimeoutMs,
      });
      const doneMs = performance.now();
      const measured = sentMs >= measureFromMs && doneMs <= endMs;
      if (outcome.type === "ok") {
        if (measured) latencies.push(doneMs - sentMs);
        continue;
      }
      if (measured) counts[outcome.type === "fail" ? "failed" : "unknown"] += 1;
      if (outcome.type === "fail" && outcome.hint !== undefined) leader = outcome.hint;
      else leader = await waitForLeader(cluster);
    }
  };
  await Promise.all(
    Array.from({ length: clientsCount }, (_, index) =>
      clientLoop(cluster.client(`bench-${operations}-${index}`)),
    ),
  );
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? 0);
  return {
    operations,
    operationsPerSecond: Math.round(latencies.length / (measuredMs / 1000)),
    ok: latencies.length,
    ...counts,
    latencyMsP50: at(0.5),
    latencyMsP99: at(0.99),
    latencyMsMax: round(latencies.at(-1) ?? 0),
  };
}

async function waitForLeader(cluster: ProcessCluster): Promise<NodeName> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const leader = (await cluster.status())
      .filter((status) => status.up && status.role === "leader")
      .sort((a, b) => b.term - a.term)[0];
    if (leader !== undefined) return leader.node;
    await cluster.clock.sleep(25);
  }
  throw new Error("no leader within 10 s");
}

/**
 * The file system the data lived on: `df -T` (device, type, mount point) and `stat -f`'s name for
 * it (which calls ext4 "ext2/ext3": the same magic number).
 */
function fileSystemOf(directory: string) {
  const df = execFileSync("df", ["-T", directory], { encoding: "utf8" }).trim().split("\n");
  const [device = "", type = ""] = (df.at(-1) ?? "").split(/\s+/);
  const mountedOn = (df.at(-1) ?? "").split(/\s+/).at(-1) ?? "";
  const statType = execFileSync("stat", ["-f", "-c", "%T", directory], { encoding: "utf8" });
  return { device, type, mountedOn, statFileSystemType: statType.trim() };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
