/**
 * A stand-in for raftctl in the no-orphan tests: starts a 3-node process cluster, pauses one
 * node (a stopped process cannot notice its harness dying by itself), prints the process ids as
 * one JSON line, then waits for the test to end it.
 *   argv: <data root> <"plain" | "stop-on-signal" | "exit-without-stop">
 * - plain: no signal handlers (a signal kills the harness outright);
 * - stop-on-signal: SIGINT/SIGTERM stop the cluster and exit 130, as raftctl run does;
 * - exit-without-stop: calls process.exit(0) at once without stopping the cluster.
 */
import { createProcessCluster } from "../process-cluster.js";
import { waitForLeader } from "./kv-driver.js";

const [dataRoot, mode] = process.argv.slice(2);
if (
  dataRoot === undefined ||
  !["plain", "stop-on-signal", "exit-without-stop"].includes(mode ?? "")
) {
  throw new Error("usage: harness-child <data root> <plain|stop-on-signal|exit-without-stop>");
}

const cluster = createProcessCluster({ seed: 3, nodes: 3, dataRoot });
if (mode === "stop-on-signal") {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void cluster.stop().finally(() => process.exit(130));
    });
  }
}
await cluster.start();
const leader = await waitForLeader(cluster);
const paused = cluster.nodes.find((node) => node !== leader) as string;
await cluster.pause(paused);
const nodePids = cluster.nodes.map((node) => cluster.nodePid(node));
process.stdout.write(
  `${JSON.stringify({ nodePids, pausedPid: cluster.nodePid(paused), reaperPid: cluster.reaperPid })}\n`,
);
if (mode === "exit-without-stop") process.exit(0);
setInterval(() => {}, 60_000);
