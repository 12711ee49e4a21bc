import { seededRandom } from "../../random/rng.js";
import type { MutationName } from "../config.js";
import { RaftNode } from "../raft-node.js";
import type { AppendRequest, AppendResponse, Entry, HardState, Message, Ready } from "../types.js";

const textEncoder = new TextEncoder();

export interface NodeOptions {
  id?: string;
  peers?: string[];
  electionTicks?: number;
  heartbeatTicks?: number;
  seed?: number;
  random?: () => number;
  mutations?: MutationName[];
  restored?: { hardState: HardState; entries: Entry[] };
  maxInflightMessages?: number;
  maxPendingReads?: number;
  maxUncommittedBytes?: number;
}

/** A node "1" in a cluster of "1".."3" unless told otherwise. */
export function createNode(options: NodeOptions = {}): RaftNode {
  const config = {
    id: options.id ?? "1",
    peers: options.peers ?? ["1", "2", "3"],
    electionTicks: options.electionTicks ?? 10,
    heartbeatTicks: options.heartbeatTicks ?? 1,
    random: options.random ?? seededRandom(options.seed ?? 1),
    mutations: new Set(options.mutations ?? []),
    ...(options.restored ? { restored: options.restored } : {}),
    ...(options.maxInflightMessages ? { maxInflightMessages: options.maxInflightMessages } : {}),
    ...(options.maxPendingReads ? { maxPendingReads: options.maxPendingReads } : {}),
    ...(options.maxUncommittedBytes ? { maxUncommittedBytes: options.maxUncommittedBytes } : {}),
  };
  return new RaftNode(config);
}

/** Takes the next Ready and advances past it (the host did everything); an empty one if none. */
export function takeReady(node: RaftNode): Ready {
  if (!node.hasReady()) {
    return {
      softState: null,
      hardState: null,
      entries: [],
      committedEntries: [],
      messages: [],
      readStates: [],
      mustSync: false,
    };
  }
  const ready = node.ready();
  node.advance(ready);
  return ready;
}

export function takeMessages(node: RaftNode): Message[] {
  return takeReady(node).messages;
}

export function bytes(text: string): Uint8Array {
  return textEncoder.encode(text);
}

export function entry(index: number, term: number, data = ""): Entry {
  return { index, term, data: bytes(data) };
}

/** Entries 1..n with the given terms, e.g. logWithTerms(1, 1, 2) = [1/1, 2/1, 3/2]. */
export function logWithTerms(...terms: number[]): Entry[] {
  return terms.map((term, position) => entry(position + 1, term, `e${position + 1}`));
}

/** A node restored with `entries` and the given hard state (term defaults to the last entry's). */
export function restoredNode(
  entries: Entry[],
  options: NodeOptions & { term?: number; vote?: string | null; commit?: number } = {},
): RaftNode {
  const term = options.term ?? entries[entries.length - 1]?.term ?? 0;
  const hardState = { term, vote: options.vote ?? null, commit: options.commit ?? 0 };
  return createNode({ ...options, restored: { hardState, entries } });
}

/**
 * Makes `node` leader of the next term with granted votes from every peer, drains its Readys and
 * returns the messages it sent as new leader (its first appends).
 */
export function electLeader(node: RaftNode): Message[] {
  node.campaign();
  for (const request of takeMessages(node)) {
    if (request.type !== "vote") continue;
    const { to: from, from: to, term } = request;
    node.step({ type: "vote-response", from, to, term, granted: true });
  }
  return takeMessages(node);
}

export function appendRequest(fields: Partial<AppendRequest> & { term: number }): AppendRequest {
  return {
    type: "append",
    from: "2",
    to: "1",
    prevLogIndex: 0,
    prevLogTerm: 0,
    entries: [],
    commit: 0,
    ...fields,
  };
}

export function appendSuccess(fields: {
  from: string;
  term: number;
  matchIndex: number;
  to?: string;
}): AppendResponse {
  return {
    type: "append-response",
    to: "1",
    success: true,
    conflictIndex: 0,
    conflictTerm: 0,
    rejectedIndex: 0,
    ...fields,
  };
}
