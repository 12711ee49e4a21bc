import type { Cluster, NodeName } from "../cluster/types.js";
import type { Completion } from "./generator.js";
import type { KeyState } from "./key-pool.js";
import { type PlannedOperation, planOperation } from "./operation.js";
import type { RecordingClient } from "./recording-client.js";

export interface FinalReadsOptions {
  /** Everything (a leader, then one successful read per key) must happen within this. */
  recoverWithinMs: number;
  /** Cluster time between looks at `status()` while waiting for a leader, and between retries of a read. Default 50. */
  pollIntervalMs?: number;
}

export interface FinalReadsReport {
  /** A leader appeared and every key in use was read, within the bound. */
  recovered: boolean;
  /** How long after the phase began a leader was seen; null if none within the bound. */
  leaderAfterMs: number | null;
  leader: NodeName | null;
  keysTotal: number;
  keysRead: number;
  /** The keys no read succeeded on within the bound. */
  unreadKeys: string[];
  elapsedMs: number;
}

export interface FinalReadsInput {
  cluster: Cluster;
  clients: readonly RecordingClient[];
  keys: readonly KeyState[];
  options: FinalReadsOptions;
  /** `read` for the register kinds, `get` for kv. */
  readFunction: "read" | "get";
  perform: (
    client: RecordingClient,
    operation: PlannedOperation,
    deadlineMs: number,
  ) => Promise<Completion>;
}

/** Read attempts per key, whatever the bound: a loop with a limit, as every loop here has. */
const readAttemptsMax = 1000;

/**
 * The liveness phase. Once the nemesis healed everything: poll `status()` until some running
 * node leads, then read each key in use, spread over the clients (key i to client i mod n, each
 * client reading its keys in turn), retrying a failed read until it succeeds or time is up. The
 * reads are ordinary recorded operations, so the checker sees them too.
 */
export async function runFinalReads(input: FinalReadsInput): Promise<FinalReadsReport> {
  const { cluster, clients, keys, options } = input;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const startMs = cluster.clock.now();
  const deadlineMs = startMs + options.recoverWithinMs;
  const leader = await waitForLeader(cluster, deadlineMs, pollIntervalMs);
  const leaderAfterMs = leader === null ? null : cluster.clock.now() - startMs;
  const read = new Set<string>();
  if (leader !== null) {
    await Promise.all(
      clients.map(async (client, slot) => {
        for (let position = slot; position < keys.length; position += clients.length) {
          const key = keys[position] as KeyState;
          if (await readUntilOk(input, client, key, { deadlineMs, pollIntervalMs }))
            read.add(key.name);
        }
      }),
    );
  }
  const unreadKeys = keys.map((key) => key.name).filter((name) => !read.has(name));
  return {
    recovered: leader !== null && unreadKeys.length === 0,
    leaderAfterMs,
    leader,
    keysTotal: keys.length,
    keysRead: read.size,
    unreadKeys,
    elapsedMs: cluster.clock.now() - startMs,
  };
}

async function waitForLeader(
  cluster: Cluster,
  deadlineMs: number,
  pollIntervalMs: number,
): Promise<NodeName | null> {
  for (;;) {
    const statuses = await cluster.status();
    const leader = statuses.find(
      (status) => status.role === "leader" && status.up && !status.paused,
    );
    if (leader !== undefined) return leader.node;
    const remainingMs = deadlineMs - cluster.clock.now();
    if (remainingMs <= 0) return null;
    await cluster.clock.sleep(Math.min(pollIntervalMs, remainingMs));
  }
}

async function readUntilOk(
  input: FinalReadsInput,
  client: RecordingClient,
  key: KeyState,
  timing: { deadlineMs: number; pollIntervalMs: number },
): Promise<boolean> {
  const clock = input.cluster.clock;
  const f = input.readFunction;
  for (
    let attempt = 0;
    attempt < readAttemptsMax && clock.now() < timing.deadlineMs;
    attempt += 1
  ) {
    const completion = await input.perform(
      client,
      planOperation(f, key, client.slot),
      timing.deadlineMs,
    );
    if (completion.type === "ok") return true;
    const remainingMs = timing.deadlineMs - clock.now();
    if (remainingMs > 0) await clock.sleep(Math.min(timing.pollIntervalMs, remainingMs));
  }
  return false;
}
