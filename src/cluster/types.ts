import type { NodeEvent } from "../history/events.js";
import type { ClientOutcome, KvRequest } from "../raft/kv/requests.js";

export type { ClientOutcome, KvRequest };

/**
 * The Cluster interface (DESIGN.md, "The Cluster interface"). Both modes implement it; the
 * nemesis, workload, checks and reports are written once against it. Every method is async.
 */

export type NodeName = string;

export interface LinkFaults {
  /** Probability that a message is dropped. */
  drop?: number;
  /** Probability that a message is delivered twice. */
  duplicate?: number;
  /** Probability that a message is held back so later ones overtake it. */
  reorder?: number;
  /** Extra one-way delay, drawn uniformly from [min, max] milliseconds. */
  delayMs?: [number, number];
}

/** A directed link between two nodes: messages from `from` to `to`. */
export interface Link {
  from: NodeName;
  to: NodeName;
}

/** Either groups (nodes in different groups cannot talk, both ways) or a list of cut directed links. */
export type PartitionSpec = { groups: NodeName[][] } | { links: Link[] };

export interface CrashOptions {
  /** Also lose the writes the node had not synced. */
  loseUnsynced?: boolean;
  /** Keep a seed-chosen prefix of the unsynced writes (a torn write). */
  tornWrite?: boolean;
}

/**
 * One client session (a client id) talking to the cluster. It is deliberately low level: one
 * request to one node. Following not-leader hints and retrying with the same `sequence` within an
 * operation's deadline is the workload's job, written once for both modes.
 */
export interface ClusterClient {
  readonly clientId: string;
  /**
   * Sends `request` to `node` and waits up to `timeoutMs` for its answer. `sequence` is the
   * session sequence number: the state machine applies a write with a given (clientId, sequence)
   * at most once, so a retry must reuse it. Reads ignore it.
   */
  call(
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome>;
}

export interface ClusterClock {
  /** Milliseconds since the cluster started (virtual in sim mode). */
  now(): number;
  sleep(durationMs: number): Promise<void>;
}

export interface NodeStatus {
  node: NodeName;
  up: boolean;
  paused: boolean;
  role: "follower" | "pre-candidate" | "candidate" | "leader";
  term: number;
  commitIndex: number;
  leader: NodeName | null;
}

export interface Cluster {
  readonly mode: "sim" | "process";
  readonly nodes: readonly NodeName[];
  readonly clock: ClusterClock;
  start(): Promise<void>;
  stop(): Promise<void>;
  partition(spec: PartitionSpec): Promise<void>;
  heal(): Promise<void>;
  /** Sets faults on all links, or only on `links` when given; `{}` clears them. */
  setLinkFaults(faults: LinkFaults, links?: Link[]): Promise<void>;
  crash(node: NodeName, options?: CrashOptions): Promise<void>;
  restart(node: NodeName): Promise<void>;
  pause(node: NodeName): Promise<void>;
  resume(node: NodeName): Promise<void>;
  /** Erases the node's disk; it restarts empty on its next restart. */
  wipe(node: NodeName): Promise<void>;
  /** Scales a node's tick rate (clock skew): 2 = ticks twice as often; 1 = normal. */
  setClockRate(node: NodeName, rate: number): Promise<void>;
  client(clientId: string): ClusterClient;
  status(): Promise<NodeStatus[]>;
  /** Subscribes to node events; returns a function that unsubscribes. */
  onEvent(listener: (event: NodeEvent) => void): () => void;
}
