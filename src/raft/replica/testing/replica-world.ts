import type { Message } from "../../core/types.js";
import type { ClientResponseFrame } from "../../kv/protocol.js";
import type { ClientOutcome, KvRequest } from "../../kv/requests.js";
import { MemoryStorage } from "../../storage/memory-storage.js";
import type { StoredState, SyncCallback } from "../../storage/storage.js";
import type { ReplicaEvent } from "../events.js";
import { Replica } from "../replica.js";

/** A MemoryStorage whose syncs complete only when the test says so. */
export class ControlledStorage extends MemoryStorage {
  readonly pendingSyncs: SyncCallback[] = [];

  override sync(done: SyncCallback): void {
    this.pendingSyncs.push(done);
  }

  completeSyncs(): number {
    const callbacks = this.pendingSyncs.splice(0);
    for (const done of callbacks) done(null);
    return callbacks.length;
  }
}

export interface WorldNode {
  replica: Replica;
  storage: ControlledStorage;
  events: ReplicaEvent[];
  /** Called at each event as it is emitted, to observe state at that exact moment. */
  watch: ((event: ReplicaEvent) => void) | null;
}

/**
 * A hand-driven cluster of replicas for unit tests: messages wait in an outbox until delivered,
 * syncs wait until completed, and links can be cut. Deterministic: no clock, a fixed random.
 */
export class ReplicaWorld {
  readonly nodes = new Map<string, WorldNode>();
  readonly outbox: Message[] = [];
  private readonly cut = new Set<string>();

  constructor(
    readonly ids: readonly string[],
    private readonly options: { mutations?: string[]; pendingRequestsMax?: number } = {},
  ) {
    for (const id of ids) this.boot(id);
  }

  boot(id: string, restored?: StoredState): WorldNode {
    const storage = new ControlledStorage(restored);
    const events: ReplicaEvent[] = [];
    const node: WorldNode = { replica: null as unknown as Replica, storage, events, watch: null };
    node.replica = new Replica(
      {
        id,
        peers: this.ids,
        electionTicks: 10,
        heartbeatTicks: 1,
        random: () => 0.5,
        mutations: this.options.mutations ?? [],
        ...(this.options.pendingRequestsMax
          ? { pendingRequestsMax: this.options.pendingRequestsMax }
          : {}),
      },
      {
        storage,
        send: (message) => this.outbox.push(message),
        events: (event) => {
          events.push(event);
          node.watch?.(event);
        },
      },
    );
    this.nodes.set(id, node);
    return node;
  }

  node(id: string): WorldNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  isolate(id: string): void {
    for (const other of this.ids) {
      if (other === id) continue;
      this.cut.add(`${id}>${other}`);
      this.cut.add(`${other}>${id}`);
    }
  }

  healAll(): void {
    this.cut.clear();
  }

  /** Completes syncs and delivers messages until nothing moves (bounded). */
  settle(): void {
    for (let round = 0; round < 1000; round++) {
      let moved = 0;
      for (const node of this.nodes.values()) moved += node.storage.completeSyncs();
      const messages = this.outbox.splice(0);
      for (const message of messages) {
        moved++;
        if (this.cut.has(`${message.from}>${message.to}`)) continue;
        this.node(message.to).replica.receive(message);
      }
      if (moved === 0) return;
    }
    throw new Error("the world did not settle in 1000 rounds");
  }

  /** Sends a client request to `id`; the returned record fills in when it is answered. */
  request(id: string, request: KvRequest, session: { clientId: string; sequence: number }) {
    const answer: { outcome: ClientOutcome | null } = { outcome: null };
    this.node(id).replica.handleClientRequest(
      {
        requestId: session.sequence,
        clientId: session.clientId,
        sequence: session.sequence,
        request,
      },
      (response: ClientResponseFrame) => {
        if (answer.outcome !== null) throw new Error("a request was answered twice");
        answer.outcome = response.outcome;
      },
    );
    return answer;
  }

  /** Makes `id` leader: it campaigns and the world settles. */
  elect(id: string): void {
    this.node(id).replica.campaign();
    this.settle();
    const status = this.node(id).replica.status();
    if (status.role !== "leader") throw new Error(`${id} did not become leader: ${status.role}`);
  }
}
