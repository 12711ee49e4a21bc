import fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { NodeEvent } from "../../history/events.js";
import { raftConfigDefaults } from "../../raft/core/resolved-config.js";
import type { NodeReport } from "../../raft/node/control-protocol.js";
import { peerFrameBytesMax } from "../../raft/node/transport/frame.js";
import { type LoopbackAddress, loopbackHost } from "../../raft/node/transport/loopback.js";
import type {
  Cluster,
  ClusterClient,
  ClusterClock,
  CrashOptions,
  Link,
  LinkFaults,
  NodeName,
  NodeStatus,
  PartitionSpec,
} from "../types.js";
import { ClientConnections } from "./client-connections.js";
import { ProcessClusterArgumentError, ProcessClusterStoppedError } from "./errors.js";
import { LinkProxies } from "./link-proxies.js";
import type { LinkProxy } from "./link-proxy.js";
import { type NodeProgram, prepareNodeProgram } from "./node-program.js";
import { OrphanReaper } from "./orphan-reaper.js";
import { ProcessClient } from "./process-client.js";
import {
  type HarnessEvent,
  noTransportRejections,
  ProcessNode,
  type TransportRejections,
  type UnexpectedExit,
} from "./process-node.js";
import {
  hasFaults,
  type ProcessClusterOptions,
  type ResolvedProcessOptions,
  resolveProcessOptions,
} from "./process-options.js";
import { createSeededRandom, deriveSeed } from "./seeded-random.js";

export type { ProcessClusterOptions, TransportRejections, UnexpectedExit };

const nsPerMs = 1_000_000;
/** How long a node gets to shut down cleanly when the cluster stops, before its SIGKILL. */
const shutdownTimeoutMs = 1000;

/**
 * A cluster of real processes on this machine (DESIGN.md, `mode: process`): one node program per
 * node (src/raft/node/main.ts), a harness-owned proxy on every directed node-to-node link
 * (unless `direct`), real files with fsync, signals for crashes and pauses. Time is real: the
 * clock is milliseconds since `start`, and node events are stamped when their line arrives.
 *
 * No orphans: nodes exit when their control channel closes (the harness died, however); the
 * orphan reaper kills paused ones, which cannot read; an `exit` handler kills the rest when the
 * harness exits on its own; `stop` ends them all.
 */
export class ProcessCluster implements Cluster {
  readonly mode = "process" as const;
  readonly nodes: readonly NodeName[];
  readonly clock: ClusterClock;
  readonly options: ResolvedProcessOptions;
  private readonly processNodes = new Map<NodeName, ProcessNode>();
  private readonly listeners = new Set<(event: NodeEvent) => void>();
  private readonly exitListeners = new Set<(exit: UnexpectedExit) => void>();
  private readonly connections = new ClientConnections();
  private readonly sleepers = new Map<NodeJS.Timeout, (error: Error) => void>();
  private readonly unexpected: UnexpectedExit[] = [];
  private readonly warningList: string[] = [];
  /** Operations on one node run one after another (a crash is not overtaken by its restart). */
  private readonly nodeQueues = new Map<NodeName, Promise<unknown>>();
  private proxies: LinkProxies | null = null;
  private reaper: OrphanReaper | null = null;
  private state: "new" | "starting" | "running" | "stopped" = "new";
  private startedAtMs = 0;

  constructor(options: ProcessClusterOptions) {
    this.options = resolveProcessOptions(options);
    this.nodes = this.options.nodes;
    this.clock = {
      now: () => this.nowMs(),
      sleep: (durationMs) => this.sleep(durationMs),
    };
  }

  get stopped(): boolean {
    return this.state === "stopped";
  }

  async start(): Promise<void> {
    if (this.state !== "new")
      throw new Error(`cannot start a process cluster that is ${this.state}`);
    this.state = "starting";
    this.startedAtMs = performance.now();
    try {
      fs.mkdirSync(this.options.dataRoot, { recursive: true });
      this.reaper = OrphanReaper.start();
      const program = await prepareNodeProgram();
      this.throwIfStoppedWhileStarting();
      if (this.options.direct) this.createNodes(program);
      else await this.startProxies(program);
      this.throwIfStoppedWhileStarting();
      if (this.options.direct) {
        for (const node of this.processNodes.values()) await node.choosePeerPort();
      }
      await Promise.all([...this.processNodes.values()].map((node) => node.start()));
      this.throwIfStoppedWhileStarting();
    } catch (error) {
      // A stop that came while starting (an early Ctrl-C) has ended what existed then; what
      // started since is ended here, before start returns.
      if ((this.state as string) === "stopped") await this.tearDown();
      else await this.stop();
      throw error;
    }
    this.state = "running";
  }

  /** `stop` was called while `start` awaited: the cluster must not come up after it. */
  private throwIfStoppedWhileStarting(): void {
    if ((this.state as string) === "stopped") {
      throw new ProcessClusterStoppedError("the process cluster was stopped while starting");
    }
  }

  async stop(): Promise<void> {
    if (this.state === "stopped") return;
    this.state = "stopped";
    await this.tearDown();
  }

  /** Ends every node, the proxies and the reaper; safe to call again (each part is idempotent). */
  private async tearDown(): Promise<void> {
    // Let an operation under way (a crash waiting for its flush, a restart spawning) end first:
    // queued ones see the state and do nothing; each is bounded by the command/start timeouts.
    await Promise.all([...this.nodeQueues.values()].map((queued) => queued.catch(() => {})));
    const stopped = new ProcessClusterStoppedError("the process cluster was stopped");
    for (const [timer, reject] of this.sleepers) {
      clearTimeout(timer);
      reject(stopped);
    }
    this.sleepers.clear();
    this.connections.closeAll();
    await Promise.all(
      [...this.processNodes.values()].map((node) => node.stop({ shutdownTimeoutMs })),
    );
    await this.proxies?.close();
    this.reaper?.stop();
  }

  async partition(spec: PartitionSpec): Promise<void> {
    this.requireProxies("partition").partition(spec);
  }

  async heal(): Promise<void> {
    this.proxies?.heal();
  }

  async setLinkFaults(faults: LinkFaults, links?: Link[]): Promise<void> {
    this.requireProxies("link faults").setLinkFaults(faults, links);
  }

  crash(name: NodeName, options: CrashOptions = {}): Promise<void> {
    return this.onNode(name, "crash", (node) => node.crash(options));
  }

  /** Starts a crashed node on its data directory; a no-op for a node that is up. */
  restart(name: NodeName): Promise<void> {
    return this.onNode(name, "restart", (node) => node.restart());
  }

  pause(name: NodeName): Promise<void> {
    return this.onNode(name, "pause", async (node) => node.pause());
  }

  resume(name: NodeName): Promise<void> {
    return this.onNode(name, "resume", (node) => node.resume());
  }

  /** Erases the node's data directory (a node that is up is crashed first); it restarts empty. */
  wipe(name: NodeName): Promise<void> {
    return this.onNode(name, "wipe", (node) => node.wipe());
  }

  setClockRate(name: NodeName, rate: number): Promise<void> {
    if (!(rate > 0 && rate <= 100)) {
      return Promise.reject(
        new ProcessClusterArgumentError(`a clock rate must be in (0, 100], got ${rate}`),
      );
    }
    return this.onNode(name, "setClockRate", (node) => node.setClockRate(rate));
  }

  client(clientId: string): ClusterClient {
    if (clientId === "") throw new ProcessClusterArgumentError("a client id must not be empty");
    return new ProcessClient(clientId, {
      clientPort: (node) => this.nodeNamed(node, "client call").clientPort,
      isStopped: () => this.stopped,
      connections: this.connections,
    });
  }

  async status(): Promise<NodeStatus[]> {
    return this.nodes.map((name) => this.nodeNamed(name, "status").status());
  }

  onEvent(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Nodes that died on their own (not by a fault the harness caused): each a failure of the run. */
  unexpectedExits(): UnexpectedExit[] {
    return [...this.unexpected];
  }

  onUnexpectedExit(listener: (exit: UnexpectedExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Things that went other than asked without failing the run (a flush before a crash timed out). */
  warnings(): string[] {
    return [...this.warningList];
  }

  /**
   * What the nodes' servers (as far as they reported: see TransportRejections) and the link
   * proxies refused: frames larger than the protocol carries or garbled, connections beyond
   * the bounds, idle ones, ones leaving answers unread. Complete once the cluster has stopped.
   */
  transportRejections(): TransportRejections {
    const total = noTransportRejections();
    for (const node of this.processNodes.values()) {
      const counts = node.rejections();
      for (const name of Object.keys(total) as (keyof TransportRejections)[]) {
        total[name] += counts[name];
      }
    }
    const proxies = this.proxies?.rejections();
    if (proxies !== undefined) {
      total.framesRejected += proxies.framesRejected;
      total.connectionsRejected += proxies.connectionsRejected;
      total.connectionsIdleClosed += proxies.connectionsIdleClosed;
    }
    return total;
  }

  /** Asks a running node what its servers refused so far and the bytes they hold (tests). */
  nodeTransportStats(name: NodeName): Promise<TransportRejections & { bufferedBytes: number }> {
    return this.nodeNamed(name, "nodeTransportStats").transportStats();
  }

  /** The ports a running node listens on for clients and for peers (tests and diagnostics). */
  nodePorts(name: NodeName): { client: number | null; peer: number | null } {
    const node = this.nodeNamed(name, "nodePorts");
    return { client: node.clientPort, peer: node.listeningPeerPort };
  }

  /** The link proxy on `from`→`to` (tests and diagnostics); null without proxies. */
  linkProxy(link: Link): LinkProxy | null {
    return this.proxies?.proxy(link) ?? null;
  }

  /** The node's process id while it is up (tests and diagnostics). */
  nodePid(name: NodeName): number | null {
    return this.nodeNamed(name, "nodePid").pid;
  }

  nodeLogPath(name: NodeName): string {
    return this.nodeNamed(name, "nodeLogPath").logPath;
  }

  nodeDataDirectory(name: NodeName): string {
    return this.nodeNamed(name, "nodeDataDirectory").dataDirectory;
  }

  /** The reaper's process id (tests: it too must be gone after the harness). */
  get reaperPid(): number | null {
    return this.reaper?.pid ?? null;
  }

  private async startProxies(program: NodeProgram): Promise<void> {
    this.proxies = await LinkProxies.start({
      nodes: this.nodes,
      seed: this.options.seed,
      frameBytesMax: peerFrameBytesMax(
        this.options.maxMessageBytes ?? raftConfigDefaults.maxMessageBytes,
      ),
    });
    if (hasFaults(this.options.baselineFaults)) {
      this.proxies.setLinkFaults(this.options.baselineFaults);
    }
    this.createNodes(program);
  }

  private createNodes(program: NodeProgram): void {
    const reaper = this.reaper as OrphanReaper;
    for (const id of this.nodes) {
      this.processNodes.set(
        id,
        new ProcessNode(id, {
          options: this.options,
          program,
          reaper,
          random: createSeededRandom(deriveSeed(this.options.seed, `node ${id}`)),
          nowMs: () => this.nowMs(),
          peerAddresses: (node) => this.peerAddresses(node),
          peerPortChanged: (node, port) => this.peerPortChanged(node, port),
          report: (node, report) => this.onReport(node, report),
          harnessEvent: (node, event) => this.emitHarnessEvent(node, event),
          unexpectedExit: (exit) => this.onUnexpectedExitOf(exit),
          warn: (message) => this.warningList.push(message),
        }),
      );
    }
  }

  private peerAddresses(node: NodeName): Record<string, LoopbackAddress> {
    const addresses: Record<string, LoopbackAddress> = {};
    for (const peer of this.nodes) {
      if (peer === node) continue;
      addresses[peer] =
        this.proxies !== null
          ? this.proxies.addressFor({ from: node, to: peer })
          : { host: loopbackHost, port: this.nodeNamed(peer, "peerAddresses").peerPort };
    }
    return addresses;
  }

  private peerPortChanged(node: NodeName, port: number | null): void {
    if (this.proxies !== null) {
      this.proxies.setNodePort(node, port);
      return;
    }
    if (port === null) return; // direct: peers keep dialling the port; it comes back there
    for (const other of this.processNodes.values()) {
      if (other.id === node || !other.up) continue;
      other.setPeerAddress(node, { host: loopbackHost, port }).catch((error: Error) => {
        this.warningList.push(`${other.id}: could not learn ${node}'s new port: ${error.message}`);
      });
    }
  }

  private onReport(node: NodeName, report: NodeReport): void {
    if (report.t !== "event" || this.listeners.size === 0) return;
    this.emit({ timeNs: this.nowNs(), node, ...report.event } as NodeEvent);
  }

  private emitHarnessEvent(node: NodeName, event: HarnessEvent): void {
    if (this.listeners.size === 0) return;
    this.emit({ timeNs: this.nowNs(), node, ...event } as NodeEvent);
  }

  private emit(event: NodeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private onUnexpectedExitOf(exit: UnexpectedExit): void {
    this.unexpected.push(exit);
    for (const listener of this.exitListeners) listener(exit);
  }

  private onNode(name: NodeName, what: string, operation: (node: ProcessNode) => Promise<void>) {
    const node = this.nodeNamed(name, what);
    if (this.state !== "running") {
      return Promise.reject(
        new ProcessClusterStoppedError(`cannot ${what} ${name}: the cluster is ${this.state}`),
      );
    }
    const previous = this.nodeQueues.get(name) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => {
        if (this.state !== "running") {
          throw new ProcessClusterStoppedError(`cannot ${what} ${name}: the cluster stopped`);
        }
        return operation(node);
      });
    this.nodeQueues.set(name, next);
    return next;
  }

  private requireProxies(what: string): LinkProxies {
    if (this.proxies === null) {
      throw new ProcessClusterArgumentError(
        `${what} needs the link proxies, and this cluster runs without them (direct: true)`,
      );
    }
    return this.proxies;
  }

  private nodeNamed(name: NodeName, where: string): ProcessNode {
    const node = this.processNodes.get(name);
    if (node === undefined) {
      throw new ProcessClusterArgumentError(
        `${where}: no node '${name}' in this cluster (nodes: ${this.nodes.join(", ")})`,
      );
    }
    return node;
  }

  private nowMs(): number {
    return this.state === "new" ? 0 : performance.now() - this.startedAtMs;
  }

  private nowNs(): number {
    return Math.round(this.nowMs() * nsPerMs);
  }

  private sleep(durationMs: number): Promise<void> {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
      return Promise.reject(
        new ProcessClusterArgumentError(`sleep needs a finite duration >= 0 ms, got ${durationMs}`),
      );
    }
    if (this.state === "stopped") {
      return Promise.reject(new ProcessClusterStoppedError("the process cluster is stopped"));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, durationMs);
      this.sleepers.set(timer, reject);
    });
  }
}

/** Builds a process cluster (not started): `await cluster.start()` spawns the nodes. */
export function createProcessCluster(options: ProcessClusterOptions): ProcessCluster {
  return new ProcessCluster(options);
}
