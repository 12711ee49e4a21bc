import { seededRandom } from "../../random/rng.js";
import { RaftNode } from "../raft-node.js";
import type { Entry, HardState, Message, Ready } from "../types.js";

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

interface Disk {
  hardState: HardState;
  entries: Entry[];
}

interface FuzzNode {
  id: string;
  raft: RaftNode | null;
  /** What was written; `synced` is what survives a crash that loses unsynced writes. */
  disk: Disk;
  synced: Disk;
  /** A Ready persisted but whose messages, applies and advance the host has not done yet. */
  held: Ready | null;
  lastApplied: number;
  restarts: number;
}

export interface RandomRunOptions {
  seed: number;
  nodeCount: number;
  steps: number;
  mutations?: string[];
}

export interface RandomRunReport {
  committedIndex: number;
  leaderTerms: number;
  readsServed: number;
  crashes: number;
}

/**
 * A whole cluster driven at random from one seed: ticks, deliveries in random order, drops,
 * duplicates, proposals, reads, crashes (sometimes losing unsynced writes) and restarts, and
 * Readys whose send/apply/advance is held back while other messages arrive. It checks, as it
 * goes, what must hold whatever the network does: one leader per term; every node applies the
 * same entry at an index; a new leader holds every entry applied anywhere; a read's index covers
 * every commit that happened before the read was asked. Core assertions throw on their own.
 */
export class RandomCluster {
  private readonly random: () => number;
  private readonly nodes: FuzzNode[] = [];
  private readonly peers: string[];
  private network: Message[] = [];
  private readonly appliedAt = new Map<number, string>();
  private readonly leaderOfTerm = new Map<number, string>();
  private readonly readFloor = new Map<string, number>();
  private readonly isolated = new Set<string>();
  private proposals = 0;
  private reads = 0;
  private readsServed = 0;
  private crashes = 0;

  constructor(private readonly options: RandomRunOptions) {
    this.random = seededRandom(options.seed);
    this.peers = Array.from({ length: options.nodeCount }, (_, position) => `n${position + 1}`);
    for (const id of this.peers) {
      const empty = { hardState: { term: 0, vote: null, commit: 0 }, entries: [] };
      const node: FuzzNode = {
        id,
        raft: null,
        disk: empty,
        synced: copyDisk(empty),
        held: null,
        lastApplied: 0,
        restarts: 0,
      };
      this.nodes.push(node);
      this.boot(node);
    }
  }

  run(): RandomRunReport {
    for (let step = 0; step < this.options.steps; step++) this.randomStep();
    return this.report();
  }

  /** Heals everything and runs a fault-free cluster until a fresh proposal is applied by a majority. */
  converge(maxSteps: number): boolean {
    this.isolated.clear();
    for (const node of this.nodes) if (node.raft === null) this.restart(node);
    const marker = "converge";
    for (let step = 0; step < maxSteps; step++) {
      for (const node of this.nodes) this.releaseHeld(node);
      const delivered = this.network.splice(0, this.network.length);
      for (const message of delivered) this.deliver(message);
      if (step % 3 === 0) for (const node of this.nodes) this.act(node, (raft) => raft.tick());
      const leader = this.nodes.find((node) => node.raft?.status().role === "leader");
      if (leader && step % 10 === 0)
        this.act(leader, (raft) => raft.propose(textEncoder.encode(`${marker}${step}`)));
      const applied = this.nodes.filter((node) => this.hasApplied(node, marker)).length;
      if (applied > this.nodes.length / 2) return true;
    }
    return false;
  }

  report(): RandomRunReport {
    return {
      committedIndex: this.appliedAt.size,
      leaderTerms: this.leaderOfTerm.size,
      readsServed: this.readsServed,
      crashes: this.crashes,
    };
  }

  /**
   * One random event. Deliveries outnumber ticks enough that the network drains (otherwise
   * every message would wait behind thousands of heartbeats); at most a minority is down or cut
   * off at a time, so the cluster keeps making progress for the checks to look at.
   */
  private randomStep(): void {
    const roll = this.random();
    const node = this.pick(this.nodes);
    if (roll < 0.25) this.act(node, (raft) => raft.tick());
    else if (roll < 0.75) for (let count = 0; count < 3; count++) this.deliverRandom();
    else if (roll < 0.78) this.duplicateRandom();
    else if (roll < 0.81) this.dropRandom();
    else if (roll < 0.89) this.propose(this.random() < 0.7 ? (this.someLeader() ?? node) : node);
    else if (roll < 0.92) this.read(this.random() < 0.7 ? (this.someLeader() ?? node) : node);
    else if (roll < 0.97) this.releaseHeld(node);
    else if (roll < 0.973) this.crash(node);
    else if (roll < 0.976) this.toggleIsolation(node);
    else if (node.raft === null) this.restart(node);
  }

  private act(node: FuzzNode, action: (raft: RaftNode) => unknown): void {
    if (node.raft === null) return;
    action(node.raft);
    this.processReadys(node);
  }

  private propose(node: FuzzNode): void {
    this.act(node, (raft) => raft.propose(textEncoder.encode(`p${++this.proposals}`)));
  }

  private read(node: FuzzNode): void {
    this.act(node, (raft) => {
      const context = `r${++this.reads}`;
      const floor = this.highestCommit();
      if (raft.readIndex(context).ok) this.readFloor.set(context, floor);
    });
  }

  private processReadys(node: FuzzNode): void {
    for (let round = 0; node.raft !== null && node.held === null && node.raft.hasReady(); round++) {
      if (round > 50) throw new Error(`${node.id} keeps producing Readys`);
      const ready = node.raft.ready();
      this.persist(node, ready);
      node.held = ready;
      // Sometimes the host is slow: messages, applies and advance wait while others go on.
      if (this.random() < 0.9) this.releaseHeld(node);
    }
  }

  private persist(node: FuzzNode, ready: Ready): void {
    if (ready.entries.length > 0) {
      node.disk.entries.length = ready.entries[0]!.index - 1;
      node.disk.entries.push(...ready.entries);
    }
    if (ready.hardState !== null) node.disk.hardState = ready.hardState;
    if (ready.mustSync) node.synced = copyDisk(node.disk);
    if (ready.softState?.role === "leader") this.checkNewLeader(node, ready.softState.term);
  }

  private releaseHeld(node: FuzzNode): void {
    const ready = node.held;
    if (ready === null || node.raft === null) return;
    node.held = null;
    this.network.push(...ready.messages);
    for (const entry of ready.committedEntries) this.apply(node, entry);
    for (const readState of ready.readStates)
      this.checkRead(node, readState.context, readState.index);
    node.raft.advance(ready);
    this.processReadys(node);
  }

  private apply(node: FuzzNode, entry: Entry): void {
    if (entry.index !== node.lastApplied + 1) {
      throw new Error(`${node.id} applied ${entry.index} after ${node.lastApplied}`);
    }
    node.lastApplied = entry.index;
    const identity = `${entry.term}:${textDecoder.decode(entry.data)}`;
    const earlier = this.appliedAt.get(entry.index);
    if (earlier !== undefined && earlier !== identity) {
      throw new Error(
        `${node.id} applied ${identity} at ${entry.index}, another node applied ${earlier}`,
      );
    }
    this.appliedAt.set(entry.index, identity);
  }

  private checkNewLeader(node: FuzzNode, term: number): void {
    const other = this.leaderOfTerm.get(term);
    if (other !== undefined && other !== node.id)
      throw new Error(`two leaders in term ${term}: ${other} and ${node.id}`);
    this.leaderOfTerm.set(term, node.id);
    for (const [index, identity] of this.appliedAt) {
      const entry = node.disk.entries[index - 1];
      const held =
        entry === undefined ? "nothing" : `${entry.term}:${textDecoder.decode(entry.data)}`;
      if (held !== identity)
        throw new Error(
          `leader ${node.id} of term ${term} holds ${held} at applied index ${index} (${identity})`,
        );
    }
  }

  private checkRead(node: FuzzNode, context: string, index: number): void {
    const floor = this.readFloor.get(context);
    if (floor === undefined) throw new Error(`${node.id} served unknown read ${context}`);
    if (index < floor)
      throw new Error(
        `${node.id} served read ${context} at ${index}, below commit ${floor} seen before it`,
      );
    this.readFloor.delete(context);
    this.readsServed++;
  }

  private highestCommit(): number {
    let highest = 0;
    for (const node of this.nodes)
      highest = Math.max(highest, node.raft?.status().commitIndex ?? 0);
    return Math.max(highest, this.appliedAt.size);
  }

  private hasApplied(node: FuzzNode, prefix: string): boolean {
    if (node.raft === null) return false;
    for (let index = node.lastApplied; index >= 1; index--) {
      if (this.appliedAt.get(index)?.includes(`:${prefix}`)) return true;
    }
    return false;
  }

  private deliverRandom(): void {
    if (this.network.length === 0) return;
    const [message] = this.network.splice(Math.floor(this.random() * this.network.length), 1);
    this.deliver(message!);
  }

  private deliver(message: Message): void {
    if (this.isolated.has(message.from) || this.isolated.has(message.to)) return;
    const node = this.nodes.find((each) => each.id === message.to)!;
    this.act(node, (raft) => raft.step(message));
  }

  private duplicateRandom(): void {
    if (this.network.length > 0) this.network.push({ ...this.pick(this.network) });
  }

  private dropRandom(): void {
    if (this.network.length > 0)
      this.network.splice(Math.floor(this.random() * this.network.length), 1);
  }

  private toggleIsolation(node: FuzzNode): void {
    if (this.isolated.has(node.id)) this.isolated.delete(node.id);
    else if (this.isolated.size + this.downCount() < (this.nodes.length - 1) / 2)
      this.isolated.add(node.id);
  }

  /** A crash loses memory and, half the time, the writes that were not synced. */
  private crash(node: FuzzNode): void {
    if (node.raft === null || this.downCount() + this.isolated.size >= (this.nodes.length - 1) / 2)
      return;
    this.crashes++;
    node.raft = null;
    node.held = null;
    if (this.random() < 0.5) node.disk = copyDisk(node.synced);
  }

  /** A node that believes it leads (there may be a stale one too); clients mostly find it. */
  private someLeader(): FuzzNode | undefined {
    const leaders = this.nodes.filter((each) => each.raft?.status().role === "leader");
    return leaders.length === 0 ? undefined : this.pick(leaders);
  }

  private downCount(): number {
    return this.nodes.filter((each) => each.raft === null).length;
  }

  private restart(node: FuzzNode): void {
    node.restarts++;
    this.boot(node);
  }

  private boot(node: FuzzNode): void {
    node.lastApplied = 0;
    const restored = node.disk.hardState.term === 0 ? undefined : copyDisk(node.disk);
    node.raft = new RaftNode({
      id: node.id,
      peers: this.peers,
      electionTicks: 10,
      heartbeatTicks: 2,
      random: seededRandom(
        this.options.seed * 7919 + Number(node.id.slice(1)) * 104729 + node.restarts,
      ),
      mutations: new Set(this.options.mutations ?? []),
      maxInflightMessages: 4,
      maxMessageBytes: 40,
      ...(restored ? { restored } : {}),
    });
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
}

function copyDisk(disk: Disk): Disk {
  return { hardState: { ...disk.hardState }, entries: [...disk.entries] };
}
