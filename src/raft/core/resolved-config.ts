import type { MutationName, RaftConfig } from "./config.js";
import { RaftInputError } from "./errors.js";
import type { Entry, HardState, NodeId } from "./types.js";

/** Defaults for the optional bounds (etcd's usual figures, scaled to our payloads). */
export const raftConfigDefaults = {
  maxInflightMessages: 256,
  maxInflightBytes: 1024 * 1024,
  maxMessageBytes: 64 * 1024,
  maxUncommittedBytes: 16 * 1024 * 1024,
  maxPendingReads: 4096,
} as const;

export interface ResolvedConfig {
  id: NodeId;
  peers: readonly NodeId[];
  electionTicks: number;
  heartbeatTicks: number;
  random: () => number;
  maxInflightMessages: number;
  maxInflightBytes: number;
  maxMessageBytes: number;
  maxUncommittedBytes: number;
  maxPendingReads: number;
  mutations: ReadonlySet<MutationName>;
  restored: { hardState: HardState; entries: readonly Entry[] } | null;
}

/** Fills in defaults and refuses a configuration the core cannot run with (RaftInputError). */
export function resolveConfig(config: RaftConfig): ResolvedConfig {
  const id = config.id;
  const fail = (message: string): never => {
    throw new RaftInputError(String(id), `invalid configuration: ${message}`);
  };
  if (typeof id !== "string" || id === "") fail("id must be a non-empty string");
  if (!Array.isArray(config.peers) || !config.peers.includes(id)) fail("peers must include id");
  if (new Set(config.peers).size !== config.peers.length) fail("peers must be unique");
  if (config.peers.some((peer) => typeof peer !== "string" || peer === "")) {
    fail("every peer must be a non-empty string");
  }
  requirePositiveInteger(fail, "electionTicks", config.electionTicks);
  requirePositiveInteger(fail, "heartbeatTicks", config.heartbeatTicks);
  if (config.heartbeatTicks >= config.electionTicks)
    fail("heartbeatTicks must be below electionTicks");
  if (typeof config.random !== "function") fail("random must be a function");
  const resolved: ResolvedConfig = {
    id,
    peers: [...config.peers],
    electionTicks: config.electionTicks,
    heartbeatTicks: config.heartbeatTicks,
    random: config.random,
    maxInflightMessages: config.maxInflightMessages ?? raftConfigDefaults.maxInflightMessages,
    maxInflightBytes: config.maxInflightBytes ?? raftConfigDefaults.maxInflightBytes,
    maxMessageBytes: config.maxMessageBytes ?? raftConfigDefaults.maxMessageBytes,
    maxUncommittedBytes: config.maxUncommittedBytes ?? raftConfigDefaults.maxUncommittedBytes,
    maxPendingReads: config.maxPendingReads ?? raftConfigDefaults.maxPendingReads,
    mutations: config.mutations ?? new Set(),
    restored: config.restored ?? null,
  };
  for (const name of [
    "maxInflightMessages",
    "maxInflightBytes",
    "maxMessageBytes",
    "maxUncommittedBytes",
    "maxPendingReads",
  ] as const) {
    requirePositiveInteger(fail, name, resolved[name]);
  }
  if (resolved.restored !== null) validateRestored(fail, resolved);
  return resolved;
}

function requirePositiveInteger(fail: (message: string) => never, name: string, value: unknown) {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    fail(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/**
 * A restored log must be what this core could have produced: contiguous from index 1, terms
 * non-decreasing and not above the stored term, the commit within the log, the vote a peer.
 */
function validateRestored(fail: (message: string) => never, config: ResolvedConfig): void {
  const { hardState, entries } = config.restored!;
  const integer = (value: unknown) =>
    typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
  if (!integer(hardState.term) || !integer(hardState.commit))
    fail("restored hard state is malformed");
  if (hardState.vote !== null && !config.peers.includes(hardState.vote)) {
    fail(`restored vote ${hardState.vote} is not a peer`);
  }
  let previousTerm = 0;
  entries.forEach((entry, position) => {
    if (entry.index !== position + 1)
      fail(`restored entry ${position + 1} has index ${entry.index}`);
    if (
      !integer(entry.term) ||
      entry.term < Math.max(previousTerm, 1) ||
      entry.term > hardState.term
    ) {
      fail(
        `restored entry ${entry.index} has term ${entry.term} (previous ${previousTerm}, stored term ${hardState.term})`,
      );
    }
    if (!(entry.data instanceof Uint8Array)) fail(`restored entry ${entry.index} has no byte data`);
    previousTerm = entry.term;
  });
  if (hardState.commit > entries.length) {
    fail(
      `restored commit ${hardState.commit} is beyond the restored log (last index ${entries.length})`,
    );
  }
}
