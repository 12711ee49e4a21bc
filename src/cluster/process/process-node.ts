import fs from "node:fs";
import path from "node:path";
import type { NodeReport } from "../../raft/node/control-protocol.js";
import { formatNodeArguments } from "../../raft/node/node-arguments.js";
import { cutUnsyncedWal } from "../../raft/node/synced-wal-record.js";
import type { LoopbackAddress } from "../../raft/node/transport/loopback.js";
import type { CrashOptions, NodeName, NodeStatus } from "../types.js";
import { NodeProcessError } from "./errors.js";
import { guardProcessGroup, releaseProcessGroup } from "./exit-guard.js";
import { allocateFreePort } from "./free-port.js";
import { type FatalReport, type NodeExit, NodeProcess } from "./node-process.js";
import type { NodeProgram } from "./node-program.js";
import type { OrphanReaper } from "./orphan-reaper.js";
import type { ResolvedProcessOptions } from "./process-options.js";
import type { SeededRandom } from "./seeded-random.js";

/** A node that died without being told to: a failure of the run, with its log's tail. */
export interface UnexpectedExit {
  node: NodeName;
  pid: number;
  /** Milliseconds since the cluster started. */
  atMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /**
   * The error it reported before exiting, when it could: name and message, and for a system
   * error its code (ENOSPC, EROFS: the disk failed under it) and the path it was met at.
   */
  fatal: { name: string; message: string; code?: string; path?: string } | null;
  /** False when it died before it listened: it refused to start (e.g. on a corrupt log). */
  listening: boolean;
  logTail: string;
}

/** Fault events the harness itself emits for a node (stamped by the cluster). */
export type HarnessEvent =
  | { type: "crash"; loseUnsynced: boolean; tornWrite: boolean }
  | { type: "restart"; wiped: boolean }
  | { type: "pause" }
  | { type: "resume" };

/** What a node needs from its cluster. */
export interface ProcessNodeContext {
  options: ResolvedProcessOptions;
  program: NodeProgram;
  reaper: OrphanReaper;
  /** Seeded: torn-write prefixes and the nodes' election seeds. */
  random: SeededRandom;
  nowMs(): number;
  /** Where `node` must send its messages to each peer (proxies, or the peers' own ports). */
  peerAddresses(node: NodeName): Record<string, LoopbackAddress>;
  /** `node` now listens for peers on `port`, or is down (null). */
  peerPortChanged(node: NodeName, port: number | null): void;
  report(node: NodeName, report: NodeReport): void;
  harnessEvent(node: NodeName, event: HarnessEvent): void;
  unexpectedExit(exit: UnexpectedExit): void;
  /** Something went other than asked, without failing the run (kept for the report). */
  warn(message: string): void;
}

/**
 * What the node's peer and client servers refused (src/raft/node/transport/frame-server.ts),
 * summed over its lives as far as it reported them: a node reports them when it flushes or
 * tears before a crash and when it shuts down, so a life ended by a crash that loses unsynced
 * writes (an immediate SIGKILL) takes its counts with it.
 */
export interface TransportRejections {
  framesRejected: number;
  connectionsRejected: number;
  connectionsIdleClosed: number;
  connectionsUnreadClosed: number;
}

export function noTransportRejections(): TransportRejections {
  return {
    framesRejected: 0,
    connectionsRejected: 0,
    connectionsIdleClosed: 0,
    connectionsUnreadClosed: 0,
  };
}

/** Attempts at binding a chosen peer port (direct mode) before giving up. */
const peerPortAttemptsMax = 8;

/**
 * One node of a process cluster across its lives: its data directory and log, which outlive
 * crashes, and while it is up, its process (NodeProcess). Crash, restart, pause, resume and wipe
 * act on the process group with signals, after asking the node to flush or tear its unsynced
 * writes when the crash calls for it.
 */
export class ProcessNode {
  readonly dataDirectory: string;
  readonly logPath: string;
  private process: NodeProcess | null = null;
  private clientPortNow: number | null = null;
  private peerPortNow: number | null = null;
  /** Direct mode: the port peers dial; kept across restarts so they need not be told. */
  private peerPortChosen = 0;
  private paused = false;
  private wipedSinceStart = false;
  private clockRate = 1;
  private clockRateChangedWhilePaused = false;
  private lives = 0;
  /** Set while the harness itself ends the process: its exit is then not a failure. */
  private stopping = false;
  private lastStatus: NodeStatus;
  private readonly rejected = noTransportRejections();

  constructor(
    readonly id: NodeName,
    private readonly context: ProcessNodeContext,
  ) {
    this.dataDirectory = path.join(context.options.dataRoot, id, "data");
    this.logPath = path.join(context.options.dataRoot, `${id}.log`);
    this.lastStatus = {
      node: id,
      up: false,
      paused: false,
      role: "follower",
      term: 0,
      commitIndex: 0,
      leader: null,
    };
  }

  get up(): boolean {
    return this.process !== null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pid(): number | null {
    return this.process?.pid ?? null;
  }

  get clientPort(): number | null {
    return this.clientPortNow;
  }

  /** The port the running node listens for peers on (its proxies forward there), or null. */
  get listeningPeerPort(): number | null {
    return this.peerPortNow;
  }

  /** Direct mode: the port this node's peers dial (0 until chosen). */
  get peerPort(): number {
    return this.peerPortChosen;
  }

  /** Direct mode: chooses the port before any node starts, so every peer can be told it. */
  async choosePeerPort(): Promise<void> {
    this.peerPortChosen = await allocateFreePort();
  }

  /** What its servers refused over its lives, as reported (see TransportRejections). */
  rejections(): TransportRejections {
    return { ...this.rejected };
  }

  /** Asks the running node for its servers' refusals so far and the bytes they buffer now. */
  async transportStats(): Promise<TransportRejections & { bufferedBytes: number }> {
    const running = this.process;
    if (running === null) throw new NodeProcessError(this.id, `node ${this.id} is down`);
    const detail = await running.command(
      { t: "transport-stats" },
      this.context.options.commandTimeoutMs,
    );
    const stats = { ...noTransportRejections(), bufferedBytes: 0 };
    for (const name of Object.keys(stats) as (keyof typeof stats)[]) {
      const value = detail?.[name];
      if (typeof value === "number") stats[name] = value;
    }
    return stats;
  }

  /** Adds the refusals a node reported in an acknowledgement (its life's totals). */
  private addRejections(detail: Record<string, unknown> | undefined): void {
    for (const name of Object.keys(this.rejected) as (keyof TransportRejections)[]) {
      const value = detail?.[name];
      if (typeof value === "number") this.rejected[name] += value;
    }
  }

  status(): NodeStatus {
    if (this.process === null) return { ...this.lastStatus, up: false, paused: false };
    return { ...this.lastStatus, up: true, paused: this.paused };
  }

  /** Spawns the node on its data directory and waits until it listens. */
  async start(): Promise<void> {
    if (this.process !== null) throw new Error(`node ${this.id} is already up`);
    fs.mkdirSync(this.dataDirectory, { recursive: true });
    const direct = this.context.options.direct;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        const portTaken = error instanceof NodeProcessError && error.message.includes("EADDRINUSE");
        if (!direct || !portTaken || attempt >= peerPortAttemptsMax) throw error;
        this.peerPortChosen = await allocateFreePort();
        this.context.peerPortChanged(this.id, this.peerPortChosen);
      }
    }
  }

  /** Takes the node down the way `options` says; a no-op when it is down. */
  async crash(options: CrashOptions): Promise<void> {
    const running = this.process;
    if (running === null) return;
    const tornWrite = options.tornWrite ?? false;
    const loseUnsynced = !tornWrite && (options.loseUnsynced ?? false);
    this.stopping = true;
    const prepared = this.prepareCrash(running, { tornWrite, loseUnsynced });
    if (this.paused && (tornWrite || !loseUnsynced)) running.signal("SIGCONT");
    await prepared;
    await running.kill();
    if (loseUnsynced) this.loseUnsyncedWal();
    this.context.harnessEvent(this.id, { type: "crash", loseUnsynced, tornWrite });
  }

  /** Removes the node's data directory (crashing it first if it is up): it restarts empty. */
  async wipe(): Promise<void> {
    await this.crash({});
    fs.rmSync(this.dataDirectory, { recursive: true, force: true });
    this.wipedSinceStart = true;
  }

  async restart(): Promise<void> {
    if (this.process !== null) return;
    this.context.harnessEvent(this.id, { type: "restart", wiped: this.wipedSinceStart });
    this.wipedSinceStart = false;
    await this.start();
  }

  pause(): void {
    if (this.process === null || this.paused) return;
    this.context.harnessEvent(this.id, { type: "pause" });
    this.process.signal("SIGSTOP");
    this.paused = true;
  }

  async resume(): Promise<void> {
    const running = this.process;
    if (running === null || !this.paused) return;
    running.signal("SIGCONT");
    this.paused = false;
    this.context.harnessEvent(this.id, { type: "resume" });
    if (this.clockRateChangedWhilePaused) {
      this.clockRateChangedWhilePaused = false;
      await this.setClockRate(this.clockRate);
    }
  }

  async setClockRate(rate: number): Promise<void> {
    this.clockRate = rate;
    const running = this.process;
    if (running === null) return; // the argv of its next life carries the rate
    if (this.paused) {
      this.clockRateChangedWhilePaused = true; // a stopped process cannot acknowledge
      return;
    }
    await running.command({ t: "set-clock-rate", rate }, this.context.options.commandTimeoutMs);
  }

  /** Direct mode: a peer moved to another port. */
  async setPeerAddress(peer: NodeName, address: LoopbackAddress): Promise<void> {
    const running = this.process;
    if (running === null) return;
    await running.command(
      { t: "set-peer-address", peer, host: address.host, port: address.port },
      this.context.options.commandTimeoutMs,
    );
  }

  /**
   * Ends the node for good (cluster stop): a running node is asked to shut down cleanly, briefly;
   * then, or at once for a paused one, its group is SIGKILLed.
   */
  async stop(options: { shutdownTimeoutMs: number }): Promise<void> {
    const running = this.process;
    if (running === null) return;
    this.stopping = true;
    if (!this.paused) {
      await running
        .command({ t: "shutdown" }, options.shutdownTimeoutMs)
        .then((detail) => this.addRejections(detail))
        .catch(() => {});
      await Promise.race([running.exited, delay(options.shutdownTimeoutMs)]);
    }
    await running.kill();
  }

  /** SIGKILLs the group at once, synchronously (the harness is going down). */
  killNow(): void {
    this.stopping = true;
    this.process?.signal("SIGKILL");
  }

  /**
   * The machine-crash part of `loseUnsynced`: bytes the node wrote to the OS during a sync that
   * had not finished are cut off too (see synced-wal-record.ts), noted in the node's log.
   */
  private loseUnsyncedWal(): void {
    const { cutBytes, keptBytes } = cutUnsyncedWal(this.dataDirectory);
    const note = `${new Date().toISOString()} ${this.id} [harness] crash lost unsynced writes: cut ${cutBytes} WAL bytes written but not fsynced, kept ${keptBytes}\n`;
    fs.appendFileSync(this.logPath, note);
  }

  private async spawnOnce(): Promise<void> {
    const { options, program } = this.context;
    this.lives += 1;
    const argv = formatNodeArguments({
      id: this.id,
      members: options.nodes,
      peerAddresses: this.context.peerAddresses(this.id),
      peerPort: options.direct ? this.peerPortChosen : 0,
      clientPort: 0,
      dataDirectory: this.dataDirectory,
      tickMs: options.tickMs,
      clockRate: this.clockRate,
      electionTicks: options.electionTicks,
      heartbeatTicks: options.heartbeatTicks,
      seed: Math.floor(this.context.random.nextFloat() * 2 ** 32),
      mutations: options.mutations,
      maxInflightMessages: options.maxInflightMessages,
      maxInflightBytes: options.maxInflightBytes,
      maxMessageBytes: options.maxMessageBytes,
      syncLatencyMs: options.syncLatencyMs,
      events: options.nodeEvents,
    });
    const spawned = NodeProcess.spawn({
      node: this.id,
      program,
      argv,
      logPath: this.logPath,
      onReport: (report) => this.onReport(spawned, report),
    });
    this.adopt(spawned);
    const listening = await spawned.waitListening(options.startTimeoutMs).catch(async (error) => {
      this.stopping = true;
      await spawned.kill().catch(() => {});
      throw error;
    });
    this.clientPortNow = listening.clientPort;
    this.peerPortNow = listening.peerPort;
    if (options.direct) this.peerPortChosen = listening.peerPort;
    this.context.peerPortChanged(this.id, listening.peerPort);
  }

  /** Makes `spawned` the node's process: guarded against orphaning, watched for its exit. */
  private adopt(spawned: NodeProcess): void {
    this.process = spawned;
    this.paused = false;
    this.clockRateChangedWhilePaused = false;
    this.stopping = false;
    guardProcessGroup(spawned.pid);
    this.context.reaper.watch(spawned.pid);
    void spawned.exited.then((exit) => this.onExit(spawned, exit));
  }

  private onExit(ended: NodeProcess, exit: NodeExit): void {
    releaseProcessGroup(ended.pid);
    this.context.reaper.forget(ended.pid);
    if (this.process !== ended) return;
    this.process = null;
    this.paused = false;
    this.clientPortNow = null;
    this.peerPortNow = null;
    this.context.peerPortChanged(this.id, null);
    if (this.stopping) return;
    const fatal = ended.fatal;
    this.context.unexpectedExit({
      node: this.id,
      pid: ended.pid,
      atMs: this.context.nowMs(),
      code: exit.code,
      signal: exit.signal,
      fatal: fatal === null ? null : fatalOf(fatal),
      listening: ended.hasListened,
      logTail: ended.logTail(),
    });
    // It lost whatever it had not synced, as a crash with lost unsynced writes does.
    this.context.harnessEvent(this.id, { type: "crash", loseUnsynced: true, tornWrite: false });
  }

  private onReport(from: NodeProcess, report: NodeReport): void {
    if (from !== this.process) return;
    if (report.t === "status") {
      this.lastStatus = {
        ...this.lastStatus,
        role: report.role,
        term: report.term,
        leader: report.leader,
        commitIndex: report.commitIndex,
      };
    } else if (report.t === "event") {
      const event = report.event;
      if (event.type === "role") {
        // The leader of a new term is unknown until a status line names it.
        const known = event.term === this.lastStatus.term ? this.lastStatus.leader : null;
        const leader = event.role === "leader" ? this.id : known;
        this.lastStatus = { ...this.lastStatus, role: event.role, term: event.term, leader };
      }
      if (event.type === "commit" && event.index > this.lastStatus.commitIndex) {
        this.lastStatus = { ...this.lastStatus, commitIndex: event.index };
      }
    }
    this.context.report(this.id, report);
  }

  /** Flush or tear before the kill (not for lost unsynced writes), bounded by the command timeout. */
  private async prepareCrash(
    running: NodeProcess,
    crash: { tornWrite: boolean; loseUnsynced: boolean },
  ): Promise<void> {
    const timeoutMs = this.context.options.commandTimeoutMs;
    const command = crash.tornWrite
      ? ({ t: "tear", fraction: this.context.random.nextFloat() } as const)
      : crash.loseUnsynced
        ? null
        : ({ t: "flush-to-os" } as const);
    if (command === null) return;
    try {
      this.addRejections(await running.command(command, timeoutMs));
    } catch (error) {
      // Killed anyway: a crash must not hang. Its unsynced writes are then lost, which the
      // warning says, since the crash asked for them to survive.
      this.context.warn(
        `${this.id}: ${command.t} before the crash failed: ${(error as Error).message}`,
      );
    }
  }
}

function fatalOf(report: FatalReport): NonNullable<UnexpectedExit["fatal"]> {
  return {
    name: report.name,
    message: report.message,
    ...(report.code === undefined ? {} : { code: report.code }),
    ...(report.path === undefined ? {} : { path: report.path }),
  };
}

function delay(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}
