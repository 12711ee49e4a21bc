import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ClientOutcome, ClusterClient, NodeName } from "../../types.js";
import type { ProcessCluster } from "../process-cluster.js";

/** A fresh directory for a test cluster's nodes; `remove` deletes it. */
export function makeDataRoot(label: string): { dataRoot: string; remove: () => void } {
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), `raftctl-${label}-`));
  return { dataRoot, remove: () => fs.rmSync(dataRoot, { recursive: true, force: true }) };
}

/** Waits (real time, bounded) until one running node among `among` leads; returns it. */
export async function waitForLeader(
  cluster: ProcessCluster,
  options: { among?: readonly NodeName[]; timeoutMs?: number; not?: NodeName } = {},
): Promise<NodeName> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const among = options.among ?? cluster.nodes;
  while (Date.now() < deadline) {
    const leaders = (await cluster.status())
      .filter((status) => status.up && !status.paused && status.role === "leader")
      .filter((status) => among.includes(status.node) && status.node !== options.not)
      .sort((a, b) => b.term - a.term);
    if (leaders[0] !== undefined) return leaders[0].node;
    await cluster.clock.sleep(25);
  }
  throw new Error(`no leader among ${among.join(", ")} within ${options.timeoutMs ?? 15_000} ms`);
}

/**
 * One client session that keeps calling until an answer is certain or its attempts run out:
 * it follows not-leader hints and, after an unknown answer, retries a write with the same
 * sequence (the session makes it apply at most once).
 */
export class KvDriver {
  private sequence = 0;
  private node: NodeName;

  constructor(
    private readonly cluster: ProcessCluster,
    private readonly client: ClusterClient,
    options: { node: NodeName },
  ) {
    this.node = options.node;
  }

  /** Puts until ok; returns the last outcome (ok, or what the final attempt said). */
  async put(key: string, value: string, options: { attemptsMax?: number } = {}) {
    this.sequence += 1;
    return this.untilCertain({ f: "put", key, value }, options.attemptsMax ?? 20);
  }

  /** A linearizable read; throws when no node answers within the attempts. */
  async get(key: string, options: { attemptsMax?: number } = {}): Promise<string | null> {
    this.sequence += 1;
    const outcome = await this.untilCertain({ f: "get", key }, options.attemptsMax ?? 40);
    if (outcome.type !== "ok") throw new Error(`get ${key}: ${JSON.stringify(outcome)}`);
    return outcome.value;
  }

  private async untilCertain(
    request: Parameters<ClusterClient["call"]>[0],
    attemptsMax: number,
  ): Promise<ClientOutcome> {
    let outcome: ClientOutcome = { type: "unknown", reason: "never sent" };
    for (let attempt = 0; attempt < attemptsMax; attempt++) {
      outcome = await this.client.call(request, {
        node: this.node,
        sequence: this.sequence,
        timeoutMs: 1000,
      });
      if (outcome.type === "ok") return outcome;
      if (outcome.type === "fail" && outcome.hint !== undefined && outcome.hint !== this.node) {
        this.node = outcome.hint;
        continue;
      }
      await this.cluster.clock.sleep(50);
      // The newest term's leader: a leader cut off by a partition still believes it leads.
      const leader = (await this.cluster.status())
        .filter((status) => status.up && !status.paused && status.role === "leader")
        .sort((a, b) => b.term - a.term)[0];
      if (leader !== undefined) this.node = leader.node;
    }
    return outcome;
  }
}
