import type { NodeEvent } from "../../history/events.js";
import type { Entry } from "../../raft/core/types.js";
import { decodeClientResponse, encodeClientRequest } from "../../raft/kv/protocol.js";
import type { KvApplyResult } from "../../raft/kv/state-machine.js";
import { Rng } from "../../raft/random/rng.js";
import { MessageRejectedError } from "../../raft/replica/errors.js";
import type { ReplicaEvent, ReplicaEventSink } from "../../raft/replica/events.js";
import { NodeFailureError, nodeFailureCause } from "../node-failure.js";
import type {
  ClientOutcome,
  Cluster,
  ClusterClient,
  ClusterClock,
  CrashOptions,
  KvRequest,
  Link,
  LinkFaults,
  NodeName,
  NodeStatus,
  PartitionSpec,
} from "../types.js";
import { type Deadlined, DeadlineList } from "./deadline-list.js";
import { SimArgumentError, SimulationStoppedError, UnknownNodeError } from "./errors.js";
import { SimNetwork } from "./network.js";
import { Scheduler } from "./scheduler.js";
import { type ClientTransport, SimClient } from "./sim-client.js";
import { SimNode } from "./sim-node.js";
import {
  type ResolvedSimOptions,
  resolveSimOptions,
  type SimClusterOptions,
} from "./sim-options.js";
import { SentCounts, type SimStats } from "./sim-stats.js";
import { Sleeper, SleeperList } from "./sleeper-list.js";

const nsPerMs = 1_000_000;
/** Instants run back to back before the driver lets other macrotasks in (deterministic: a count). */
const instantsPerYieldMax = 5_000;

/** One client call in flight: its request, where it goes, and how it ends (once). */
class PendingCall implements Deadlined {
  /** The node's answer, on its way back to the client. */
  response: Uint8Array | null = null;
  // Links of the cluster's DeadlineList, which holds the call until it ends.
  earlier: PendingCall | null = null;
  later: PendingCall | null = null;
  listed = false;

  constructor(
    readonly node: SimNode,
    readonly nodeName: NodeName,
    readonly bytes: Uint8Array,
    readonly timeoutMs: number,
    /** When the call ends `unknown` if nothing ended it before. */
    readonly deadlineNs: number,
    readonly resolve: (outcome: ClientOutcome) => void,
  ) {}
}

type ApplyListener = (node: NodeName, entry: Entry, result: KvApplyResult | null) => void;

/**
 * A whole cluster in one process, in virtual time, reproducible from its seed (DESIGN.md,
 * `mode: sim`).
 *
 * How async code on top stays deterministic. After `start()` the simulator drives itself: a
 * driver loop takes the earliest instant from the scheduler and runs all its events
 * synchronously. Whenever an instant resolved a promise — a `clock.sleep` ending, a client
 * call answered or timed out — the driver waits for the microtask queue to drain before virtual
 * time moves on: it goes on in a `process.nextTick` callback queued from inside a microtask, and
 * Node.js runs such a callback only once the whole microtask queue is empty. So every async
 * continuation of those promises (the workload's and nemesis's code) runs to its next await of
 * the simulator, and schedules what it schedules, at that same virtual instant and in the same
 * order on every run. The condition: async code on top awaits only the simulator (its clock and
 * clients), never real I/O or timers; those would let it resume at a nondeterministic instant.
 * A drain costs a fraction of a macrotask turn (`setImmediate`), and there is one after nearly
 * every client answer; a real turn of the event loop (so signals, streams and the progress
 * ticker get their chance) comes every `instantsPerYieldMax` instants. Neither measures time, so
 * neither breaks the no-timers rule.
 */
export class SimCluster implements Cluster {
  readonly mode = "sim" as const;
  readonly nodes: readonly NodeName[];
  readonly clock: ClusterClock;
  readonly options: ResolvedSimOptions;
  private readonly scheduler = new Scheduler();
  private readonly rootRng: Rng;
  private readonly clientRng: Rng;
  private readonly network: SimNetwork;
  private readonly simNodes = new Map<NodeName, SimNode>();
  /** The same nodes in `nodes` order: a message's arrival finds its node by position. */
  private readonly simNodeList: SimNode[] = [];
  private readonly listeners = new Set<(event: NodeEvent) => void>();
  private readonly applyListeners = new Set<ApplyListener>();
  private readonly sleepers = new SleeperList();
  /** Calls not yet ended, by deadline; one scheduled timer stands for them all (see `armCallTimer`). */
  private readonly pendingCalls = new DeadlineList<PendingCall>();
  /** The time of the earliest call timer still to run, or null when none is known to be. */
  private callTimerNs: number | null = null;
  private readonly sent = new SentCounts();
  private readonly outcomes = { ok: 0, fail: 0, unknown: 0 };
  private state: "new" | "running" | "stopped" = "new";
  private failureCause: unknown = null;
  private resolvedInInstant = false;
  /** The driver waits for something to be scheduled (see `wakeDriver`). */
  private driverIdle = false;
  /** The driver is queued to run (by setImmediate, or a microtask and then a nextTick). */
  private driverQueued = false;
  private instantsSinceYield = 0;
  /** Resolves `driverDone`: called when the driver stops for good. */
  private finishDriving: () => void = () => {};
  /** What every client calls through (one object: a closure with rest arguments cost an array per call). */
  private readonly transport: ClientTransport = {
    call: (clientId, request, options) => this.call(clientId, request, options),
  };
  private driverDone: Promise<void> = Promise.resolve();
  private rejectedMessages = 0;
  private clientCalls = 0;
  private requestCounter = 0;
  /** The last message a node refused, for tests and diagnostics. */
  lastRejection: Error | null = null;

  constructor(options: SimClusterOptions) {
    this.options = resolveSimOptions(options);
    this.nodes = this.options.nodes;
    this.rootRng = Rng.fromSeed(this.options.seed);
    this.clientRng = this.rootRng.split("clients");
    this.network = new SimNetwork({
      scheduler: this.scheduler,
      rng: this.rootRng.split("network"),
      nodes: this.nodes,
      delay: { minMs: this.options.delayMs[0], maxMs: this.options.delayMs[1] },
      reorderDelayMsMax: this.options.reorderDelayMsMax,
      baseline: this.options.baselineFaults,
      deliver: (_from, _to, bytes, toIndex) => this.deliver(toIndex, bytes),
    });
    this.nodes.forEach((id, index) => {
      const node = this.createNode(id, index);
      this.simNodes.set(id, node);
      this.simNodeList.push(node);
    });
    this.clock = {
      now: () => this.scheduler.nowNs / nsPerMs,
      sleep: (durationMs) => this.sleep(durationMs),
    };
  }

  /** The virtual time in nanoseconds. */
  get nowNs(): number {
    return this.scheduler.nowNs;
  }

  /** Why the simulation failed (an error thrown inside a node, the run limit), or null. */
  get failure(): unknown {
    return this.failureCause;
  }

  /** An independent generator for a component on top (workload, nemesis), derived from the seed. */
  random(component: string): Rng {
    return this.rootRng.split(`user/${component}`);
  }

  /** A node's simulator-side handle (its host, disk and status), for tests. */
  node(name: NodeName): SimNode {
    return this.nodeNamed(name, "node");
  }

  async start(): Promise<void> {
    if (this.state !== "new")
      throw new Error(`cannot start a simulated cluster that is ${this.state}`);
    this.state = "running";
    for (const node of this.simNodes.values()) node.start();
    this.driverDone = new Promise<void>((resolve) => {
      this.finishDriving = resolve;
    });
    // Let the code that awaited start() schedule its first sleeps and calls at time 0.
    this.queueDriver("next-turn");
  }

  async stop(): Promise<void> {
    if (this.state === "running") {
      this.halt(new SimulationStoppedError("the simulated cluster was stopped"), { failed: false });
    }
    this.state = "stopped";
    await this.driverDone;
  }

  async partition(spec: PartitionSpec): Promise<void> {
    this.network.partition(spec);
  }

  async heal(): Promise<void> {
    this.network.heal();
  }

  async setLinkFaults(faults: LinkFaults, links?: Link[]): Promise<void> {
    this.network.setLinkFaults(faults, links);
  }

  async crash(name: NodeName, options: CrashOptions = {}): Promise<void> {
    const node = this.nodeNamed(name, "crash");
    const loseUnsynced = options.loseUnsynced ?? false;
    const tornWrite = options.tornWrite ?? false;
    this.emitFault({ node: name, type: "crash", loseUnsynced, tornWrite });
    node.crash({ loseUnsynced, tornWrite });
  }

  /**
   * Starts a crashed node from its disk alone; a no-op for a node that is up. A node that
   * refuses to start (its log is corrupt) is the system's own failure: the simulation halts with
   * a NodeFailureError as `failure`, as it does when a node's assertion fires.
   */
  async restart(name: NodeName): Promise<void> {
    const node = this.nodeNamed(name, "restart");
    if (node.up) return;
    this.emitFault({ node: name, type: "restart", wiped: node.wiped });
    try {
      node.start();
    } catch (error) {
      const failure = new NodeFailureError(name, "refused-to-start", nodeFailureCause(error));
      if (this.state === "running") this.halt(failure, { failed: true });
      throw failure;
    }
  }

  async pause(name: NodeName): Promise<void> {
    const node = this.nodeNamed(name, "pause");
    if (!node.up || node.isPaused) return;
    this.emitFault({ node: name, type: "pause" });
    node.pause();
  }

  async resume(name: NodeName): Promise<void> {
    const node = this.nodeNamed(name, "resume");
    if (!node.isPaused) return;
    this.emitFault({ node: name, type: "resume" });
    node.resume();
  }

  /** Erases the node's disk; a node that is up is crashed first. It restarts empty. */
  async wipe(name: NodeName): Promise<void> {
    const node = this.nodeNamed(name, "wipe");
    if (node.up) await this.crash(name);
    node.wipe();
  }

  async setClockRate(name: NodeName, rate: number): Promise<void> {
    const node = this.nodeNamed(name, "setClockRate");
    if (!(rate > 0 && rate <= 100)) {
      throw new SimArgumentError(`a clock rate must be in (0, 100], got ${rate}`);
    }
    node.setClockRate(rate);
  }

  client(clientId: string): ClusterClient {
    if (clientId === "") throw new SimArgumentError("a client id must not be empty");
    return new SimClient(clientId, this.transport);
  }

  async status(): Promise<NodeStatus[]> {
    return this.nodes.map((name) => this.nodeNamed(name, "status").status());
  }

  onEvent(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Observes every entry any node applies (the lab harness's applyCh). */
  onApply(listener: ApplyListener): () => void {
    this.applyListeners.add(listener);
    return () => this.applyListeners.delete(listener);
  }

  stats(): SimStats {
    return {
      timeNs: this.scheduler.nowNs,
      eventsRun: this.scheduler.eventsRun,
      network: { ...this.network.stats },
      messagesSentByType: this.sent.messagesByType(),
      bytesSentByType: this.sent.bytesByType(),
      rejectedMessages: this.rejectedMessages,
      droppedInputs: [...this.simNodes.values()].reduce((sum, node) => sum + node.droppedInputs, 0),
      clientCalls: this.clientCalls,
      clientOutcomes: { ...this.outcomes },
    };
  }

  /**
   * Delivers raw bytes to a node as if `from` had sent them (bad-input tests). Returns the
   * error the node refused them with, or null if it took them.
   */
  injectMessageBytes(to: NodeName, bytes: Uint8Array): Error | null {
    const before = this.rejectedMessages;
    const node = this.nodeNamed(to, "injectMessageBytes");
    node.input(() => this.receive(node, bytes));
    return this.rejectedMessages > before ? this.lastRejection : null;
  }

  private createNode(id: NodeName, index: number): SimNode {
    const sink = (event: ReplicaEvent) => this.emit(id, event);
    return new SimNode({
      id,
      index,
      peers: this.nodes,
      scheduler: this.scheduler,
      network: this.network,
      rng: this.rootRng,
      tickNs: this.options.tickMs * nsPerMs,
      syncLatency: { minMs: this.options.syncLatencyMs[0], maxMs: this.options.syncLatencyMs[1] },
      replica: {
        electionTicks: this.options.electionTicks,
        heartbeatTicks: this.options.heartbeatTicks,
        mutations: this.options.mutations,
        raft: this.options.raftBounds,
      },
      pausedInboxMax: this.options.pausedInboxMax,
      events: (): ReplicaEventSink | null => (this.listeners.size > 0 ? sink : null),
      countSent: (type, bytes) => this.sent.count(type, bytes),
      onApply: (entry, result) => {
        for (const listener of this.applyListeners) listener(id, entry, result);
      },
    });
  }

  /** A message arrives for the node at `toIndex` in `nodes`. */
  private deliver(toIndex: number, bytes: Uint8Array): void {
    const node = this.simNodeList[toIndex] as SimNode;
    // The common case without a closure: this runs once per message.
    if (node.running) this.receive(node, bytes);
    else node.input(() => this.receive(node, bytes));
  }

  private receive(node: SimNode, bytes: Uint8Array): void {
    const host = node.host;
    if (host === null) return;
    try {
      host.receiveBytes(bytes);
    } catch (error) {
      if (!(error instanceof MessageRejectedError)) throw error;
      this.noteRejection(error);
    }
  }

  private noteRejection(error: Error): void {
    this.rejectedMessages++;
    this.lastRejection = error;
  }

  private emit(node: NodeName, event: ReplicaEvent): void {
    const stamped = { timeNs: this.scheduler.nowNs, node, ...event } as NodeEvent;
    for (const listener of this.listeners) listener(stamped);
  }

  private emitFault(
    event: { node: NodeName } & (
      | { type: "crash"; loseUnsynced: boolean; tornWrite: boolean }
      | { type: "restart"; wiped: boolean }
      | { type: "pause" }
      | { type: "resume" }
    ),
  ): void {
    if (this.listeners.size === 0) return;
    const stamped = { timeNs: this.scheduler.nowNs, ...event } as NodeEvent;
    for (const listener of this.listeners) listener(stamped);
  }

  private sleep(durationMs: number): Promise<void> {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
      return Promise.reject(
        new SimArgumentError(`sleep needs a finite duration >= 0 ms, got ${durationMs}`),
      );
    }
    if (this.state === "stopped") return Promise.reject(this.stoppedError());
    return new Promise<void>((resolve, reject) => {
      const sleeper = new Sleeper(resolve, reject);
      this.sleepers.add(sleeper);
      // A sleep is never called off: a plain event, no cancellable wrapper.
      const delayNs = Math.max(0, Math.round(durationMs * nsPerMs));
      this.scheduler.at(this.scheduler.nowNs + delayNs, this.wake, sleeper);
      this.wakeDriver();
    });
  }

  /** Bound once, as the other per-event actions below: no closure per sleep or call. */
  private readonly wake = (sleeper: Sleeper): void => {
    this.sleepers.remove(sleeper);
    this.resolvedInInstant = true;
    sleeper.resolve();
  };

  private call(
    clientId: string,
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome> {
    const node = this.simNodes.get(options.node);
    if (node === undefined) {
      return Promise.reject(new UnknownNodeError(options.node, this.nodes, "client call"));
    }
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      return Promise.reject(
        new SimArgumentError(`a call needs a finite timeoutMs > 0, got ${options.timeoutMs}`),
      );
    }
    if (this.state === "stopped") return Promise.reject(this.stoppedError());
    this.clientCalls++;
    const requestId = ++this.requestCounter;
    const bytes = encodeClientRequest({ requestId, clientId, sequence: options.sequence, request });
    const deadlineNs = this.scheduler.nowNs + Math.round(options.timeoutMs * nsPerMs);
    return new Promise<ClientOutcome>((resolve) => {
      const call = new PendingCall(
        node,
        options.node,
        bytes,
        options.timeoutMs,
        deadlineNs,
        resolve,
      );
      this.pendingCalls.add(call);
      this.armCallTimer();
      this.scheduler.at(this.scheduler.nowNs + this.clientDelayNs(), this.requestArrives, call);
      this.wakeDriver();
    });
  }

  /**
   * Makes sure a timer runs at the earliest pending deadline. A timer is not called off when the
   * call it was set for ends (nearly every call is answered long before its deadline): it runs,
   * finds nothing due and sets the next one, about once per timeout rather than once per call.
   */
  private armCallTimer(): void {
    const first = this.pendingCalls.first();
    if (first === null) return;
    if (this.callTimerNs !== null && this.callTimerNs <= first.deadlineNs) return;
    this.callTimerNs = first.deadlineNs;
    this.scheduler.at(first.deadlineNs, this.callTimerRuns, first.deadlineNs);
  }

  /** Ends the calls whose deadline has come, in deadline order, then sets the next timer. */
  private readonly callTimerRuns = (timeNs: number): void => {
    if (this.callTimerNs === timeNs) this.callTimerNs = null;
    for (;;) {
      const call = this.pendingCalls.takeDue(this.scheduler.nowNs);
      if (call === null) break;
      this.end(call, {
        type: "unknown",
        reason: `no answer from ${call.nodeName} within ${call.timeoutMs}ms`,
      });
    }
    this.armCallTimer();
  };

  private readonly requestArrives = (call: PendingCall): void => {
    if (call.node.running) this.serveClient(call);
    else call.node.input(() => this.serveClient(call));
  };

  private serveClient(call: PendingCall): void {
    call.node.host?.handleClientBytes(call.bytes, (response) => {
      call.response = response;
      this.scheduler.at(this.scheduler.nowNs + this.clientDelayNs(), this.responseArrives, call);
    });
  }

  private readonly responseArrives = (call: PendingCall): void => {
    this.settle(call, decodeClientResponse(call.response as Uint8Array).outcome);
  };

  /** Ends a call with `outcome`, unless it has ended already. */
  private settle(call: PendingCall, outcome: ClientOutcome): void {
    if (this.pendingCalls.remove(call)) this.end(call, outcome);
  }

  /** Ends a call already taken out of `pendingCalls`. */
  private end(call: PendingCall, outcome: ClientOutcome): void {
    this.outcomes[outcome.type]++;
    this.resolvedInInstant = true;
    call.resolve(outcome);
  }

  private clientDelayNs(): number {
    const [minMs, maxMs] = this.options.clientDelayMs;
    return Math.round(this.clientRng.between(minMs, maxMs) * nsPerMs);
  }

  /**
   * The driver (see the class comment): runs instants until one resolves a promise, then
   * continues once the microtask queue has drained; lets the event loop in every
   * `instantsPerYieldMax` instants; idles while nothing is scheduled. A plain callback rather than
   * an async loop: awaiting a fresh promise per drain (there is one after nearly every client
   * answer) allocated about half a kilobyte each time, a tenth of a simulation's garbage.
   */
  private readonly driveSome = (): void => {
    this.driverQueued = false;
    try {
      this.runInstants();
    } catch (error) {
      this.halt(error, { failed: true });
    }
    if (this.state !== "running") this.finishDriving();
  };

  private runInstants(): void {
    const limitNs = this.options.runLimitMs * nsPerMs;
    while (this.state === "running") {
      const nextNs = this.scheduler.nextTimeNs();
      if (nextNs === null) {
        this.driverIdle = true;
        return;
      }
      if (nextNs > limitNs) {
        const limit = `the simulation reached its limit of ${this.options.runLimitMs} virtual ms`;
        this.halt(new SimulationStoppedError(limit), { failed: true });
        return;
      }
      this.resolvedInInstant = false;
      this.scheduler.runInstant();
      this.instantsSinceYield++;
      if (this.instantsSinceYield >= instantsPerYieldMax) {
        this.instantsSinceYield = 0;
        this.queueDriver("next-turn");
        return;
      }
      if (this.resolvedInInstant) {
        this.queueDriver("after-microtasks");
        return;
      }
    }
  }

  /**
   * Queues the driver, unless it is queued already: on the event loop's next turn, or as soon as
   * every microtask queued so far, and every one those queue in turn, has run. For the latter a
   * microtask queues it as a `process.nextTick` callback, which Node.js runs only once the
   * microtask queue is empty. (A nextTick callback queued directly from where the driver runs, a
   * nextTick or setImmediate callback, would run before the microtasks.)
   */
  private queueDriver(when: "next-turn" | "after-microtasks"): void {
    if (this.driverQueued) return;
    this.driverQueued = true;
    if (when === "next-turn") setImmediate(this.driveSome);
    else void settled.then(this.tickDriver);
  }

  /** Bound once: the microtask of every drain. */
  private readonly tickDriver = (): void => {
    process.nextTick(this.driveSome);
  };

  /** Something was scheduled from outside: an idle driver runs again once microtasks drained. */
  private wakeDriver(): void {
    if (!this.driverIdle) return;
    this.driverIdle = false;
    this.queueDriver("after-microtasks");
  }

  /**
   * Ends the simulation: pending sleeps reject with `cause` (so async code on top ends), pending
   * calls end `unknown` (they may or may not have applied). A cause other than a plain stop is
   * kept as `failure`.
   */
  private halt(cause: unknown, options: { failed: boolean }): void {
    if (options.failed) this.failureCause = cause;
    this.state = "stopped";
    this.wakeDriver();
    for (const sleeper of this.sleepers.takeAll()) sleeper.reject(cause);
    for (const call of this.pendingCalls.items()) {
      this.settle(call, { type: "unknown", reason: "the simulated cluster stopped" });
    }
  }

  private stoppedError(): Error {
    return this.failureCause instanceof Error
      ? this.failureCause
      : new SimulationStoppedError("the simulated cluster is stopped");
  }

  private nodeNamed(name: NodeName, where: string): SimNode {
    const node = this.simNodes.get(name);
    if (node === undefined) throw new UnknownNodeError(name, this.nodes, where);
    return node;
  }
}

/** Resolved once: the driver's microtask hop hangs off it (see `queueDriver`). */
const settled = Promise.resolve();
