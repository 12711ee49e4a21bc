import type { Entry } from "../../../raft/core/types.js";
import { decodeCommand } from "../../../raft/kv/command.js";
import type { Rng } from "../../../raft/random/rng.js";
import { InvariantChecker } from "../../invariants/index.js";
import type { CrashOptions, Link } from "../../types.js";
import { SimCluster } from "../sim-cluster.js";
import type { SimClusterOptions } from "../sim-options.js";

/**
 * The MIT 6.5840 Raft lab's test configuration (`config.go`) rebuilt over the simulator:
 * `checkOneLeader`, `one`, `nCommitted`, `wait`, `disconnect`/`connect`, `crash1`/`start1`, an
 * applier that checks every applied entry against the other servers', and DESIGN.md's
 * invariant checker over the whole event stream.
 *
 * Time: the lab's tests are written for a heartbeat of at most 10 per second and a
 * `RaftElectionTimeout` of 1000 ms. Our default timing is 10 ms ticks, heartbeats every tick
 * and election timeouts of 100-200 ms. Tests keep the lab's numbers (in "lab milliseconds") and
 * the harness scales every duration by `labTimeScale`, so a test reads like the original.
 *
 * Differences from the lab that tests account for: our leader appends an empty no-op entry when
 * it is elected (section 8 of the Raft paper), so indices are not 1, 2, 3...; commands are kv
 * puts whose value is the lab's command; a lab "crash" is a plain crash (the process dies, the
 * bytes it wrote survive) unless a test asks for `loseUnsynced` or `tornWrite`.
 */

/** The lab's RaftElectionTimeout, in lab milliseconds. */
export const RaftElectionTimeout = 1000;
/** One lab millisecond in simulated milliseconds. */
export const labTimeScale = 0.25;

export type LabCommand = number | string;

export class LabFailure extends Error {
  override name = "LabFailure";
}

export interface LabOptions {
  servers: number;
  seed: number;
  unreliable?: boolean;
  mutations?: readonly string[];
  /** Extra simulator options (e.g. disk latency). */
  sim?: Partial<SimClusterOptions>;
}

export interface StartResult {
  index: number;
  term: number;
  isLeader: boolean;
}

/** The seeds a lab test runs over: 1..RAFTCTL_TEST_SEEDS (default 3). */
export function labSeeds(): number[] {
  const count = Number(process.env.RAFTCTL_TEST_SEEDS ?? 3);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(
      `RAFTCTL_TEST_SEEDS must be a positive integer, got ${process.env.RAFTCTL_TEST_SEEDS}`,
    );
  }
  return Array.from({ length: count }, (_, position) => position + 1);
}

/** Runs `body` over a fresh harness and always cleans up (checks invariants, stops the cluster). */
export async function withLab(
  options: LabOptions,
  body: (lab: LabHarness) => Promise<unknown>,
): Promise<void> {
  const lab = await LabHarness.begin(options);
  try {
    await body(lab);
  } catch (error) {
    await lab.abort();
    const message = error instanceof Error ? error.message : String(error);
    throw new LabFailure(`seed ${options.seed}: ${message}`, { cause: error });
  }
  await lab.cleanup();
}

export class LabHarness {
  readonly cluster: SimCluster;
  readonly names: readonly string[];
  readonly servers: number;
  readonly rng: Rng;
  private readonly connected: boolean[];
  /** Per server: log index -> the command applied there (null for a no-op). */
  private logs: Map<number, string | null>[];
  private readonly applyErrors: string[] = [];
  private readonly checker = new InvariantChecker();
  private maxIndex = 0;
  private commandSequence = 0;

  private constructor(private readonly options: LabOptions) {
    this.servers = options.servers;
    this.cluster = new SimCluster({
      seed: options.seed,
      nodes: options.servers,
      raft: { mutations: options.mutations ?? [] },
      ...options.sim,
    });
    this.names = this.cluster.nodes;
    this.rng = this.cluster.random("lab");
    this.connected = this.names.map(() => true);
    this.logs = this.names.map(() => new Map());
    this.cluster.onEvent((event) => this.checker.observe(event));
    this.cluster.onApply((node, entry) => this.applied(this.names.indexOf(node), entry));
  }

  static async begin(options: LabOptions): Promise<LabHarness> {
    const lab = new LabHarness(options);
    await lab.cluster.start();
    if (options.unreliable) await lab.setUnreliable(true);
    return lab;
  }

  /** Sleeps `labMs` lab milliseconds (scaled). */
  sleep(labMs: number): Promise<void> {
    return this.cluster.clock.sleep(labMs * labTimeScale);
  }

  /** The lab's `rand.Int() % bound`. */
  randomInt(bound: number): number {
    return this.rng.int(0, bound);
  }

  isConnected(server: number): boolean {
    return this.connected[server] as boolean;
  }

  isUp(server: number): boolean {
    return this.cluster.node(this.name(server)).up;
  }

  /** The lab's `rf.GetState()`: the server's term and whether it believes it leads. */
  state(server: number): { term: number; isLeader: boolean } {
    const status = this.cluster.node(this.name(server)).status();
    return { term: status.term, isLeader: status.up && status.role === "leader" };
  }

  /** The lab's `rf.Start(command)`: appends on a leader; elsewhere returns isLeader false. */
  start(server: number, command: LabCommand): StartResult {
    const host = this.cluster.node(this.name(server)).host;
    if (host === null) return { index: -1, term: -1, isLeader: false };
    const result = host.propose({
      clientId: `lab-${++this.commandSequence}`,
      sequence: 1,
      request: { f: "put", key: "lab", value: String(command) },
    });
    if (!result.ok) return { index: -1, term: this.state(server).term, isLeader: false };
    return { index: result.index, term: result.term, isLeader: true };
  }

  async checkOneLeader(): Promise<number> {
    for (let iteration = 0; iteration < 10; iteration++) {
      await this.sleep(450 + this.randomInt(100));
      const leadersByTerm = new Map<number, number[]>();
      for (let server = 0; server < this.servers; server++) {
        if (!this.connected[server] || !this.isUp(server)) continue;
        const { term, isLeader } = this.state(server);
        if (isLeader) leadersByTerm.set(term, [...(leadersByTerm.get(term) ?? []), server]);
      }
      let lastTermWithLeader = -1;
      for (const [term, leaders] of leadersByTerm) {
        if (leaders.length > 1) this.fail(`term ${term} has ${leaders.length} (>1) leaders`);
        lastTermWithLeader = Math.max(lastTermWithLeader, term);
      }
      if (leadersByTerm.size > 0)
        return (leadersByTerm.get(lastTermWithLeader) as number[])[0] as number;
    }
    return this.fail("expected one leader, got none");
  }

  /** Checks that every connected server agrees on the term, and returns it. */
  checkTerms(): number {
    let term = -1;
    for (let server = 0; server < this.servers; server++) {
      if (!this.connected[server] || !this.isUp(server)) continue;
      const serverTerm = this.state(server).term;
      if (term === -1) term = serverTerm;
      else if (term !== serverTerm)
        this.fail(`servers disagree on term (${term} and ${serverTerm})`);
    }
    return term;
  }

  checkNoLeader(): void {
    for (let server = 0; server < this.servers; server++) {
      if (this.connected[server] && this.isUp(server) && this.state(server).isLeader) {
        this.fail(
          `expected no leader among connected servers, but ${this.name(server)} claims to be leader`,
        );
      }
    }
  }

  /** How many servers applied `index`, and the command there (checking they all agree). */
  nCommitted(index: number): { count: number; command: string | null } {
    let count = 0;
    let command: string | null = null;
    for (let server = 0; server < this.servers; server++) {
      this.failOnApplyErrors();
      const log = this.logs[server] as Map<number, string | null>;
      if (!log.has(index)) continue;
      const value = log.get(index) as string | null;
      if (count > 0 && value !== command) {
        this.fail(`committed values do not match: index ${index}, ${command}, ${value}`);
      }
      count++;
      command = value;
    }
    return { count, command };
  }

  /**
   * The lab's `one`: submits `command` to a leader until `expectedServers` applied it, retrying
   * on other leaders when `retry`; returns its index.
   */
  async one(command: LabCommand, expectedServers: number, retry: boolean): Promise<number> {
    const startedMs = this.cluster.clock.now();
    let next = 0;
    while (this.cluster.clock.now() - startedMs < 10_000 * labTimeScale) {
      let index = -1;
      for (let tried = 0; tried < this.servers; tried++) {
        next = (next + 1) % this.servers;
        if (!this.connected[next] || !this.isUp(next)) continue;
        const result = this.start(next, command);
        if (result.isLeader) {
          index = result.index;
          break;
        }
      }
      if (index !== -1) {
        const submittedMs = this.cluster.clock.now();
        while (this.cluster.clock.now() - submittedMs < 2000 * labTimeScale) {
          const { count, command: applied } = this.nCommitted(index);
          if (count > 0 && count >= expectedServers && applied === String(command)) return index;
          await this.sleep(20);
        }
        if (!retry) this.fail(`one(${short(command)}) failed to reach agreement`);
      } else {
        await this.sleep(50);
      }
    }
    return this.fail(`one(${short(command)}) failed to reach agreement`);
  }

  /** The lab's `wait`: until `count` servers applied `index`; -1 if a term passed `startTerm`. */
  async wait(index: number, count: number, startTerm: number): Promise<string | null | -1> {
    let pauseLabMs = 10;
    for (let iteration = 0; iteration < 30; iteration++) {
      if (this.nCommitted(index).count >= count) break;
      await this.sleep(pauseLabMs);
      if (pauseLabMs < 1000) pauseLabMs *= 2;
      if (startTerm > -1) {
        for (let server = 0; server < this.servers; server++) {
          if (this.isUp(server) && this.state(server).term > startTerm) return -1;
        }
      }
    }
    const { count: applied, command } = this.nCommitted(index);
    if (applied < count) this.fail(`only ${applied} decided for index ${index}; wanted ${count}`);
    return command;
  }

  async disconnect(server: number): Promise<void> {
    this.connected[server] = false;
    await this.applyConnectivity();
  }

  async connect(server: number): Promise<void> {
    this.connected[server] = true;
    await this.applyConnectivity();
  }

  /** The lab's `crash1`: the server is disconnected and its process dies (disk kept as the crash allows). */
  async crash1(server: number, options: CrashOptions = {}): Promise<void> {
    await this.disconnect(server);
    if (this.isUp(server)) await this.cluster.crash(this.name(server), options);
  }

  /** The lab's `start1`: (crashes the server if it runs, then) restarts it from its disk, disconnected as it was. */
  async start1(server: number, options: CrashOptions = {}): Promise<void> {
    if (this.isUp(server)) await this.crash1(server, options);
    this.logs[server] = new Map();
    await this.cluster.restart(this.name(server));
  }

  async setUnreliable(unreliable: boolean): Promise<void> {
    await this.cluster.setLinkFaults(
      unreliable ? { drop: 0.1, delayMs: [0, 27 * labTimeScale] } : {},
    );
  }

  /** The lab's long reordering: a third of messages held back up to 2.2 lab seconds. */
  async setLongReordering(on: boolean): Promise<void> {
    await this.cluster.setLinkFaults(
      on
        ? { drop: 0.1, delayMs: [0, 27 * labTimeScale], reorder: 1 / 3 }
        : { drop: 0.1, delayMs: [0, 27 * labTimeScale] },
    );
  }

  /** Bytes sent between nodes so far (the lab's `bytesTotal`). */
  bytesTotal(): number {
    return this.cluster.stats().network.bytesSent;
  }

  /** Requests sent between nodes so far (the lab's RPC count: votes, appends, heartbeats). */
  rpcTotal(): number {
    const sent = this.cluster.stats().messagesSentByType;
    return sent.vote + sent.append + sent.heartbeat;
  }

  /** The command applied at `index` on `server`, if it applied there. */
  appliedAt(server: number, index: number): string | null | undefined {
    return this.logs[server]?.get(index);
  }

  async cleanup(): Promise<void> {
    await this.cluster.stop();
    this.failOnApplyErrors();
    if (this.cluster.failure !== null) throw this.cluster.failure;
    const violations = this.checker.violations();
    if (violations.length > 0) {
      throw new LabFailure(
        `seed ${this.options.seed}: ${violations.length} invariant violation(s), first: ${JSON.stringify(violations[0])}`,
      );
    }
    if (this.checker.eventCount === 0) throw new LabFailure("the invariant checker saw no events");
  }

  async abort(): Promise<void> {
    await this.cluster.stop();
  }

  fail(message: string): never {
    throw new LabFailure(message);
  }

  name(server: number): string {
    const name = this.names[server];
    if (name === undefined) throw new LabFailure(`no server ${server}`);
    return name;
  }

  private applied(server: number, entry: Entry): void {
    const value = entry.data.length === 0 ? null : labValue(entry.data);
    const log = this.logs[server] as Map<number, string | null>;
    for (let other = 0; other < this.servers; other++) {
      const theirs = this.logs[other]?.get(entry.index);
      if (theirs !== undefined && theirs !== value) {
        this.applyErrors.push(
          `commit index=${entry.index} server=${this.name(server)} ${value} != server=${this.name(other)} ${theirs}`,
        );
      }
    }
    if (entry.index > 1 && !log.has(entry.index - 1)) {
      this.applyErrors.push(`server ${this.name(server)} apply out of order ${entry.index}`);
    }
    log.set(entry.index, value);
    this.maxIndex = Math.max(this.maxIndex, entry.index);
  }

  private failOnApplyErrors(): void {
    if (this.applyErrors.length > 0) this.fail(`apply error: ${this.applyErrors[0]}`);
  }

  private async applyConnectivity(): Promise<void> {
    const links: Link[] = [];
    for (let from = 0; from < this.servers; from++) {
      for (let to = 0; to < this.servers; to++) {
        if (from === to || (this.connected[from] && this.connected[to])) continue;
        links.push({ from: this.name(from), to: this.name(to) });
      }
    }
    if (links.length === 0) await this.cluster.heal();
    else await this.cluster.partition({ links });
  }
}

function labValue(data: Uint8Array): string {
  const command = decodeCommand(data);
  if (command.request.f !== "put") throw new LabFailure(`unexpected command ${command.request.f}`);
  return command.request.value;
}

function short(command: LabCommand): string {
  const text = String(command);
  return text.length > 20 ? `${text.slice(0, 17)}...` : text;
}
