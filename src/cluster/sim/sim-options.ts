import { canonicalNodeId } from "../../raft/codec/index.js";
import { SimArgumentError } from "./errors.js";

/** How to build a simulated cluster. Everything but the seed has a default. */
export interface SimClusterOptions {
  /** The reproduction handle: a non-negative safe integer. */
  seed: number;
  /** A node count (named n1..nN) or the names. Default 5. */
  nodes?: number | readonly string[];
  /** Virtual milliseconds per Raft tick. Default 10. */
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
  network?: {
    /** Base one-way delay of every message, uniform in [min, max] ms. Default [1, 5]. */
    delayMs?: [number, number];
    /** Baseline link faults (probabilities), under every `setLinkFaults`; `{}` restores them. Default 0. */
    drop?: number;
    duplicate?: number;
    reorder?: number;
    /** How much longer a reordered message may be held back. Default 20 ms. */
    reorderDelayMsMax?: number;
  };
  disk?: {
    /** How long a sync takes, uniform in [min, max] ms. Default [1, 4]. */
    syncLatencyMs?: [number, number];
  };
  /** One-way delay of client frames, uniform in [min, max] ms. Default: the network's base delay. */
  clientDelayMs?: [number, number];
  /** Messages and client frames held for a paused node before more are dropped. Default 10,000. */
  pausedInboxMax?: number;
  /** Virtual time after which the simulation stops with an error (a bound on any run). Default 24 h. */
  runLimitMs?: number;
}

export interface ResolvedSimOptions {
  seed: number;
  nodes: string[];
  tickMs: number;
  electionTicks: number;
  heartbeatTicks: number;
  mutations: string[];
  raftBounds: { maxInflightMessages?: number; maxInflightBytes?: number; maxMessageBytes?: number };
  delayMs: [number, number];
  baselineFaults: { drop?: number; duplicate?: number; reorder?: number };
  reorderDelayMsMax: number;
  syncLatencyMs: [number, number];
  clientDelayMs: [number, number];
  pausedInboxMax: number;
  runLimitMs: number;
}

export function resolveSimOptions(options: SimClusterOptions): ResolvedSimOptions {
  const nodes = nodeNames(options.nodes ?? 5);
  const delayMs = options.network?.delayMs ?? [1, 5];
  const { maxInflightMessages, maxInflightBytes, maxMessageBytes } = options.raft ?? {};
  const resolved: ResolvedSimOptions = {
    seed: options.seed,
    nodes,
    tickMs: options.tickMs ?? 10,
    electionTicks: options.raft?.electionTicks ?? 10,
    heartbeatTicks: options.raft?.heartbeatTicks ?? 1,
    mutations: [...(options.raft?.mutations ?? [])],
    raftBounds: definedOnly({ maxInflightMessages, maxInflightBytes, maxMessageBytes }),
    delayMs,
    baselineFaults: definedOnly({
      drop: options.network?.drop,
      duplicate: options.network?.duplicate,
      reorder: options.network?.reorder,
    }),
    reorderDelayMsMax: options.network?.reorderDelayMsMax ?? 20,
    syncLatencyMs: options.disk?.syncLatencyMs ?? [1, 4],
    clientDelayMs: options.clientDelayMs ?? delayMs,
    pausedInboxMax: options.pausedInboxMax ?? 10_000,
    runLimitMs: options.runLimitMs ?? 24 * 3_600_000,
  };
  validate(resolved);
  return resolved;
}

/**
 * The cluster's node names, as the codec's canonical strings: every message a node decodes then
 * names its sender and addressee with the very objects the nodes were built with, so the core
 * compares ids by identity rather than equal strings by content.
 */
function nodeNames(nodes: number | readonly string[]): string[] {
  return givenOrNumberedNames(nodes).map(canonicalNodeId);
}

function givenOrNumberedNames(nodes: number | readonly string[]): string[] {
  if (typeof nodes !== "number") {
    if (nodes.length === 0 || new Set(nodes).size !== nodes.length || nodes.some((n) => n === "")) {
      throw new SimArgumentError(
        `node names must be non-empty and unique, got [${nodes.join(", ")}]`,
      );
    }
    return [...nodes];
  }
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 99) {
    throw new SimArgumentError(`a cluster has 1 to 99 nodes, got ${nodes}`);
  }
  return Array.from({ length: nodes }, (_, position) => `n${position + 1}`);
}

function validate(options: ResolvedSimOptions): void {
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new SimArgumentError(`the seed must be a non-negative integer, got ${options.seed}`);
  }
  if (!(options.tickMs > 0))
    throw new SimArgumentError(`tickMs must be positive, got ${options.tickMs}`);
  for (const [name, range] of [
    ["network delayMs", options.delayMs],
    ["disk syncLatencyMs", options.syncLatencyMs],
    ["clientDelayMs", options.clientDelayMs],
  ] as const) {
    if (!(range[0] >= 0 && range[1] >= range[0])) {
      throw new SimArgumentError(
        `${name} must be [min, max] with 0 <= min <= max, got [${range.join(", ")}]`,
      );
    }
  }
  if (!(options.runLimitMs > 0)) throw new SimArgumentError("runLimitMs must be positive");
}

function definedOnly<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
