import { seededRandom } from "../../random/rng.js";
import type { RaftConfig } from "../config.js";
import { RaftNode } from "../raft-node.js";
import type { Entry, HardState, Message } from "../types.js";
import { formatReady } from "./format.js";

/** What a node's disk holds: survives `crash`. */
export interface StoredState {
  hardState: HardState;
  entries: Entry[];
}

export interface EnvNode {
  id: string;
  /** null while crashed. */
  raft: RaftNode | null;
  stored: StoredState;
  applied: Entry[];
  config: Omit<RaftConfig, "restored" | "random">;
  restarts: number;
}

/**
 * A cluster of RaftNodes wired by hand for tests: a network that holds every sent message until a
 * test delivers, drops or duplicates it, a disk per node, and a host loop that honours the Ready
 * contract (persist, then send, then apply, then advance) and reports every Ready as text lines.
 */
export class InteractionEnv {
  readonly nodes = new Map<string, EnvNode>();
  inFlight: Message[] = [];
  readonly isolated = new Set<string>();
  private output: string[] = [];

  addNodes(count: number, options: Omit<RaftConfig, "id" | "peers" | "random" | "restored">): void {
    const first = this.nodes.size + 1;
    const peers = Array.from({ length: this.nodes.size + count }, (_, position) =>
      String(position + 1),
    );
    for (let number = first; number < first + count; number++) {
      const id = String(number);
      const config = { ...options, id, peers };
      const stored = { hardState: { term: 0, vote: null, commit: 0 }, entries: [] };
      const node: EnvNode = { id, raft: null, stored, applied: [], config, restarts: 0 };
      node.raft = new RaftNode({ ...config, random: seededRandom(number) });
      this.nodes.set(id, node);
    }
  }

  node(id: string): EnvNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  raft(id: string): RaftNode {
    const raft = this.node(id).raft;
    if (raft === null) throw new Error(`node ${id} is crashed`);
    return raft;
  }

  print(line: string): void {
    this.output.push(line);
  }

  takeOutput(): string[] {
    const output = this.output;
    this.output = [];
    return output;
  }

  /** Runs every node's Ready loop until none has anything left (bounded). */
  processReadys(): void {
    for (const node of this.nodes.values()) this.processReadysOf(node);
  }

  processReadysOf(node: EnvNode): void {
    for (let round = 0; node.raft?.hasReady(); round++) {
      if (round >= 100) throw new Error(`node ${node.id} keeps producing Readys`);
      const raft = node.raft;
      const ready = raft.ready();
      for (const line of formatReady(node.id, ready, node.stored.entries.length)) this.print(line);
      if (ready.entries.length > 0) {
        node.stored.entries.length = ready.entries[0]!.index - 1;
        node.stored.entries.push(...ready.entries);
      }
      if (ready.hardState !== null) node.stored.hardState = ready.hardState;
      this.inFlight.push(...ready.messages);
      node.applied.push(...ready.committedEntries);
      raft.advance(ready);
    }
  }

  /** Delivers one message (dropped if either end is isolated or the recipient is crashed). */
  deliver(message: Message): void {
    const recipient = this.node(message.to);
    if (
      this.isolated.has(message.from) ||
      this.isolated.has(message.to) ||
      recipient.raft === null
    ) {
      return;
    }
    recipient.raft.step(message);
    this.processReadysOf(recipient);
  }

  crash(id: string): void {
    const node = this.node(id);
    node.raft = null;
    node.applied = [];
  }

  restart(id: string): void {
    const node = this.node(id);
    node.restarts++;
    const restored = { hardState: node.stored.hardState, entries: [...node.stored.entries] };
    const random = seededRandom(Number(id) * 1000 + node.restarts);
    node.raft = new RaftNode({ ...node.config, random, restored });
  }
}
