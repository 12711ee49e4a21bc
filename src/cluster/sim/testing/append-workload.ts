import type { Rng } from "../../../raft/random/rng.js";
import type { ClusterClient, NodeName } from "../../types.js";
import type { SimCluster } from "../sim-cluster.js";

/**
 * A small client workload for the crash tests: clients append unique tokens to one key, each
 * write retried with the same session sequence (following not-leader hints, rotating nodes on
 * silence) until it is acknowledged or its deadline passes. Acknowledged tokens must all be in
 * the final value, each exactly once (the session table makes a retried append apply once).
 */
export interface AppendWorkloadResult {
  acknowledged: string[];
  /** Tokens whose every attempt ended without an answer: they may or may not be in the log. */
  uncertain: string[];
}

export const appendKey = "log";

export async function runAppendClients(
  cluster: SimCluster,
  options: { clients: number; untilMs: number; rng: Rng },
): Promise<AppendWorkloadResult> {
  const result: AppendWorkloadResult = { acknowledged: [], uncertain: [] };
  const workers = Array.from({ length: options.clients }, (_, client) =>
    appendLoop(cluster, { ...options, client, result }),
  );
  await Promise.all(workers);
  return result;
}

async function appendLoop(
  cluster: SimCluster,
  options: { client: number; untilMs: number; rng: Rng; result: AppendWorkloadResult },
): Promise<void> {
  const client = cluster.client(`appender-${options.client}`);
  let target: NodeName = cluster.nodes[options.client % cluster.nodes.length] as NodeName;
  for (let sequence = 1; cluster.clock.now() < options.untilMs; sequence++) {
    const token = `${options.client}.${sequence};`;
    const outcome = await appendWithRetries(cluster, {
      client,
      token,
      sequence,
      target,
      rng: options.rng,
    });
    target = outcome.target;
    if (outcome.acknowledged) options.result.acknowledged.push(token);
    else options.result.uncertain.push(token);
    await cluster.clock.sleep(options.rng.between(1, 10));
  }
}

async function appendWithRetries(
  cluster: SimCluster,
  attempt: { client: ClusterClient; token: string; sequence: number; target: NodeName; rng: Rng },
): Promise<{ acknowledged: boolean; target: NodeName }> {
  let target = attempt.target;
  const deadlineMs = cluster.clock.now() + 3000;
  for (let tries = 0; tries < 100 && cluster.clock.now() < deadlineMs; tries++) {
    const outcome = await attempt.client.call(
      { f: "append", key: appendKey, value: attempt.token },
      { node: target, sequence: attempt.sequence, timeoutMs: 300 },
    );
    if (outcome.type === "ok") return { acknowledged: true, target };
    if (outcome.type === "fail" && outcome.hint !== undefined) {
      target = outcome.hint;
    } else {
      target = attempt.rng.pick(cluster.nodes);
      await cluster.clock.sleep(20);
    }
  }
  return { acknowledged: false, target };
}

/** A linearizable read of the appended key through whichever node leads, retried until it answers. */
export async function readFinalValue(cluster: SimCluster, rng: Rng): Promise<string | null> {
  const client = cluster.client("final-reader");
  let target: NodeName = cluster.nodes[0] as NodeName;
  for (let tries = 0; tries < 200; tries++) {
    const outcome = await client.call(
      { f: "get", key: appendKey },
      { node: target, sequence: 0, timeoutMs: 300 },
    );
    if (outcome.type === "ok") return outcome.value;
    target =
      outcome.type === "fail" && outcome.hint !== undefined
        ? outcome.hint
        : rng.pick(cluster.nodes);
    await cluster.clock.sleep(20);
  }
  throw new Error("no final read succeeded in 200 tries");
}

/** Problems with the final value: acknowledged tokens missing, or any token present twice. */
export function lostOrDuplicated(
  finalValue: string | null,
  acknowledged: readonly string[],
): string[] {
  const present = (finalValue ?? "")
    .split(";")
    .filter((token) => token !== "")
    .map((token) => `${token};`);
  const counts = new Map<string, number>();
  for (const token of present) counts.set(token, (counts.get(token) ?? 0) + 1);
  const problems: string[] = [];
  for (const token of acknowledged) {
    if (!counts.has(token)) problems.push(`acknowledged ${token} is missing`);
  }
  for (const [token, count] of counts) {
    if (count > 1) problems.push(`${token} applied ${count} times`);
  }
  return problems;
}
