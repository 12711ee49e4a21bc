import { coreMutationNames } from "../../raft/core/config.js";
import { validateMutations } from "../../raft/replica/mutations.js";
import { assertSyncLatencyRange, syncLatencyMsMax } from "../../raft/storage/file/sync-latency.js";
import type { LinkFaults } from "../types.js";
import { ProcessClusterArgumentError } from "./errors.js";

/**
 * How to build a process cluster. Mirrors SimClusterOptions (src/cluster/sim/sim-options.ts)
 * where the two modes mean the same; everything but the seed and the data root has a default.
 */
export interface ProcessClusterOptions {
  /** Seeds the proxies' fault decisions, torn-write prefixes and the nodes' election timeouts. */
  seed: number;
  /** A node count (named n1..nN) or the names. Default 5. */
  nodes?: number | readonly string[];
  /** Real milliseconds per Raft tick. Default 50: long enough that fsync and two busy cores do not look like a dead leader. */
  tickMs?: number;
  raft?: {
    /** Default 10 ticks. */
    electionTicks?: number;
    /** Default 1 tick. */
    heartbeatTicks?: number;
    mutations?: readonly string[];
    maxInflightMessages?: number;
    maxInflightBytes?: number;
    maxMessageBytes?: number;
  };
  /**
   * The proxies' baseline link faults, as in sim mode's `network` (`setLinkFaults` replaces them).
   * `delayMs` here is extra delay on top of real loopback TCP; default none of anything.
   */
  network?: LinkFaults;
  /**
   * A slow disk, as in sim mode's `disk`: every WAL sync of every node takes at least a latency
   * drawn uniformly from `syncLatencyMs` (seeded per node life); the real fsync still runs, and
   * its bytes stay unsynced — lost by `crash({ loseUnsynced })` — until the latency has passed.
   * Default `[0, 0]`: the real disk's own latency, nothing added.
   */
  disk?: { syncLatencyMs?: readonly [number, number] };
  /**
   * Where nodes keep their files: `<dataRoot>/<id>/data` and the log `<dataRoot>/<id>.log`.
   * A run passes `<runDir>/nodes` (DESIGN.md, "Reports and exit codes").
   */
  dataRoot: string;
  /**
   * Connect nodes to each other directly, without the harness's proxies (benchmarks: the cost of
   * the proxies left out). Partitions and link faults are then refused.
   */
  direct?: boolean;
  /** Send node events up from the nodes (the invariant checks need them). Default true. */
  nodeEvents?: boolean;
  /** How long a node may take to start listening before its start fails. Default 30 s. */
  startTimeoutMs?: number;
  /** How long a node may take to acknowledge a command before it is killed anyway. Default 5 s. */
  commandTimeoutMs?: number;
}

export interface ResolvedProcessOptions {
  seed: number;
  nodes: string[];
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  mutations: string[];
  maxInflightMessages: number | null;
  maxInflightBytes: number | null;
  maxMessageBytes: number | null;
  baselineFaults: LinkFaults;
  syncLatencyMs: [number, number];
  dataRoot: string;
  direct: boolean;
  nodeEvents: boolean;
  startTimeoutMs: number;
  commandTimeoutMs: number;
}

export const processTickMsDefault = 50;

/** The longest sync latency a node models (`disk.syncLatencyMs`). */
export const processSyncLatencyMsMax = syncLatencyMsMax;

/** Node names become file names and argv entries: letters, digits, `_` and `-` only. */
const nodeNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

export function resolveProcessOptions(options: ProcessClusterOptions): ResolvedProcessOptions {
  const raft = options.raft ?? {};
  const resolved: ResolvedProcessOptions = {
    seed: options.seed,
    nodes: nodeNames(options.nodes ?? 5),
    tickMs: options.tickMs ?? processTickMsDefault,
    electionTicks: raft.electionTicks ?? 10,
    heartbeatTicks: raft.heartbeatTicks ?? 1,
    mutations: [...(raft.mutations ?? [])],
    maxInflightMessages: raft.maxInflightMessages ?? null,
    maxInflightBytes: raft.maxInflightBytes ?? null,
    maxMessageBytes: raft.maxMessageBytes ?? null,
    baselineFaults: { ...(options.network ?? {}) },
    syncLatencyMs: [...(options.disk?.syncLatencyMs ?? [0, 0])] as [number, number],
    dataRoot: options.dataRoot,
    direct: options.direct ?? false,
    nodeEvents: options.nodeEvents ?? true,
    startTimeoutMs: options.startTimeoutMs ?? 30_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 5_000,
  };
  validate(resolved);
  return resolved;
}

function nodeNames(nodes: number | readonly string[]): string[] {
  if (typeof nodes === "number") {
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 99) {
      throw new ProcessClusterArgumentError(`a cluster has 1 to 99 nodes, got ${nodes}`);
    }
    return Array.from({ length: nodes }, (_, position) => `n${position + 1}`);
  }
  if (nodes.length === 0 || new Set(nodes).size !== nodes.length) {
    throw new ProcessClusterArgumentError(`node names must be unique, got [${nodes.join(", ")}]`);
  }
  for (const name of nodes) {
    if (!nodeNamePattern.test(name)) {
      throw new ProcessClusterArgumentError(
        `node name '${name}' must be 1-64 letters, digits, '_' or '-' (it names files)`,
      );
    }
  }
  return [...nodes];
}

function validate(options: ResolvedProcessOptions): void {
  const fail = (message: string) => {
    throw new ProcessClusterArgumentError(message);
  };
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    fail(`the seed must be a non-negative integer, got ${options.seed}`);
  }
  if (!(options.tickMs >= 1 && options.tickMs <= 60_000)) {
    fail(`tickMs must be in [1, 60000], got ${options.tickMs}`);
  }
  if (!Number.isInteger(options.electionTicks) || options.electionTicks < 2) {
    fail(`electionTicks must be an integer >= 2, got ${options.electionTicks}`);
  }
  if (
    !Number.isInteger(options.heartbeatTicks) ||
    options.heartbeatTicks < 1 ||
    options.heartbeatTicks >= options.electionTicks
  ) {
    fail(`heartbeatTicks must be an integer in [1, electionTicks), got ${options.heartbeatTicks}`);
  }
  syncLatency(options);
  // Unknown names are refused here, before any process starts (UnknownMutationError, exit 64).
  validateMutations(options.mutations, coreMutationNames);
  if (typeof options.dataRoot !== "string" || options.dataRoot === "") {
    fail("dataRoot must name a directory for the nodes' data and logs");
  }
  if (options.direct && hasFaults(options.baselineFaults)) {
    fail("network faults need the proxies: direct mode has none");
  }
  for (const [name, value] of [
    ["startTimeoutMs", options.startTimeoutMs],
    ["commandTimeoutMs", options.commandTimeoutMs],
  ] as const) {
    if (!(value > 0 && value <= 600_000)) fail(`${name} must be in (0, 600000], got ${value}`);
  }
}

/**
 * A sync that waits longer than a command may take would turn every flush before a crash into
 * a timeout (the flush queues behind the sync), so the latency stays well below that patience.
 */
function syncLatency(options: ResolvedProcessOptions): void {
  try {
    assertSyncLatencyRange(options.syncLatencyMs);
  } catch (error) {
    throw new ProcessClusterArgumentError(`disk: ${(error as Error).message}`);
  }
  const [, maxMs] = options.syncLatencyMs;
  if (maxMs * 2 > options.commandTimeoutMs) {
    throw new ProcessClusterArgumentError(
      `disk: a sync latency of up to ${maxMs} ms needs commandTimeoutMs of at least ${maxMs * 2}, got ${options.commandTimeoutMs}`,
    );
  }
}

/** Whether any fault would act (zero probabilities and no delay do nothing). */
export function hasFaults(faults: LinkFaults): boolean {
  const { drop = 0, duplicate = 0, reorder = 0, delayMs = [0, 0] } = faults;
  return drop > 0 || duplicate > 0 || reorder > 0 || delayMs[1] > 0;
}
