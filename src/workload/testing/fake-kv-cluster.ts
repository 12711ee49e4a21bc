import { VirtualClock } from "../../cluster/testing/virtual-clock.js";
import type {
  ClientOutcome,
  Cluster,
  ClusterClient,
  KvRequest,
  NodeName,
  NodeStatus,
} from "../../cluster/types.js";
import type { NodeEvent } from "../../history/events.js";

export interface FakeCall {
  atMs: number;
  clientId: string;
  node: NodeName;
  sequence: number;
  request: KvRequest;
  outcome: ClientOutcome;
}

/**
 * A key-value cluster for workload tests, in virtual time: one node (`leader`) serves, applying
 * each (client, sequence) at most once as the real state machine does; the others answer
 * not-leader with `hints[node]` (default: the leader). A node in `silent` never answers (a call
 * to it waits its whole timeout, then is `unknown`); `applyButLose` makes the leader apply a
 * write and lose the answer. Every call lands in `calls`.
 */
export class FakeKvCluster implements Cluster {
  readonly mode = "sim" as const;
  readonly nodes: readonly NodeName[];
  readonly clock = new VirtualClock();
  readonly calls: FakeCall[] = [];
  readonly data = new Map<string, string>();
  leader: NodeName | null;
  latencyMs = 1;
  readonly silent = new Set<NodeName>();
  readonly hints = new Map<NodeName, NodeName | undefined>();
  applyButLose: (request: KvRequest) => boolean = () => false;
  private readonly sessions = new Map<string, { sequence: number; outcome: ClientOutcome }>();

  constructor(nodeCount = 3, leader: NodeName | null = "n1") {
    this.nodes = Array.from({ length: nodeCount }, (_, position) => `n${position + 1}`);
    this.leader = leader;
  }

  client(clientId: string): ClusterClient {
    return {
      clientId,
      call: async (request, options) => {
        const outcome = await this.serve(clientId, request, options);
        this.calls.push({ atMs: this.clock.now(), clientId, ...options, request, outcome });
        return outcome;
      },
    };
  }

  private async serve(
    clientId: string,
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome> {
    if (this.silent.has(options.node) || options.timeoutMs < 2 * this.latencyMs) {
      await this.clock.sleep(options.timeoutMs);
      return { type: "unknown", reason: "timeout" };
    }
    await this.clock.sleep(this.latencyMs);
    if (options.node !== this.leader) {
      const hint = this.hints.has(options.node)
        ? this.hints.get(options.node)
        : (this.leader ?? undefined);
      await this.clock.sleep(this.latencyMs);
      return hint === undefined
        ? { type: "fail", reason: "not-leader" }
        : { type: "fail", reason: "not-leader", hint };
    }
    const outcome = this.apply(clientId, request, options.sequence);
    if (request.f !== "get" && this.applyButLose(request)) {
      await this.clock.sleep(options.timeoutMs - this.latencyMs);
      return { type: "unknown", reason: "timeout" };
    }
    await this.clock.sleep(this.latencyMs);
    return outcome;
  }

  private apply(clientId: string, request: KvRequest, sequence: number): ClientOutcome {
    if (request.f === "get") return { type: "ok", value: this.data.get(request.key) ?? null };
    const session = this.sessions.get(clientId);
    if (session !== undefined && sequence <= session.sequence) return session.outcome;
    const current = this.data.get(request.key) ?? null;
    let outcome: ClientOutcome = { type: "ok", value: null };
    if (request.f === "put") this.data.set(request.key, request.value);
    if (request.f === "append") this.data.set(request.key, (current ?? "") + request.value);
    if (request.f === "cas") {
      const applied = current === request.from;
      if (applied) this.data.set(request.key, request.to);
      outcome = { type: "ok", value: applied ? request.to : current, applied };
    }
    this.sessions.set(clientId, { sequence, outcome });
    return outcome;
  }

  async status(): Promise<NodeStatus[]> {
    return this.nodes.map((node) => ({
      node,
      up: true,
      paused: false,
      role: node === this.leader ? "leader" : "follower",
      term: 1,
      commitIndex: 0,
      leader: this.leader,
    }));
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async partition(): Promise<void> {}
  async heal(): Promise<void> {}
  async setLinkFaults(): Promise<void> {}
  async crash(): Promise<void> {}
  async restart(): Promise<void> {}
  async pause(): Promise<void> {}
  async resume(): Promise<void> {}
  async wipe(): Promise<void> {}
  async setClockRate(): Promise<void> {}
  onEvent(_listener: (event: NodeEvent) => void): () => void {
    return () => {};
  }
}
