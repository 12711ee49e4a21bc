import { encodeMessage } from "../codec/index.js";
import { raftConfigDefaults } from "../core/resolved-config.js";
import type { Message } from "../core/types.js";
import { Rng, seededRandom } from "../random/rng.js";
import { ClientFrameRejectedError, MessageRejectedError } from "../replica/errors.js";
import type { ReplicaEvent, ReplicaEventSink } from "../replica/events.js";
import { Replica } from "../replica/replica.js";
import { FileStorage } from "../storage/file/file-storage.js";
import { uniformSyncLatency } from "../storage/file/sync-latency.js";
import type { HarnessCommand, NodeReport } from "./control-protocol.js";
import type { NodeArguments } from "./node-arguments.js";
import { SyncedWalRecorder } from "./synced-wal-record.js";
import { TickTimer } from "./tick-timer.js";
import { ClientServer } from "./transport/client-server.js";
import { clientFrameBytesMax, peerFrameBytesMax } from "./transport/frame.js";
import { NodeTransport } from "./transport/node-transport.js";

export interface NodeHostIo {
  report(report: NodeReport): void;
  /** Reports and writes at once (acknowledgements). */
  reportNow(report: NodeReport): void;
  log(line: string): void;
  /** An error the node cannot survive (an invariant broke): report it and exit non-zero. */
  fatal(error: unknown): void;
}

type AckDetail = Record<string, number | string | boolean>;

/**
 * One Raft node as an operating-system process: a Replica over FileStorage in its data
 * directory, ticked by a real timer, talking to peers through NodeTransport and to clients
 * through ClientServer, both on 127.0.0.1, and obeying the harness's commands.
 *
 * Before a crash the harness freezes the node (no more ticks, messages or client requests) and
 * then has it flush or tear its unsynced writes: nothing the node does between the ack and the
 * SIGKILL can then change what the disk holds.
 */
export class NodeHost {
  private transport: NodeTransport | null = null;
  private clients: ClientServer | null = null;
  private readonly ticks: TickTimer;
  private frozenFor: string | null = null;
  private rejectedMessages = 0;
  private lastStatus = "";

  private constructor(
    private readonly args: NodeArguments,
    private readonly io: NodeHostIo,
    private readonly storage: FileStorage,
    private readonly replica: Replica,
  ) {
    this.ticks = new TickTimer({
      tickMs: args.tickMs,
      rate: args.clockRate,
      onTick: () => this.tick(),
    });
  }

  static async start(args: NodeArguments, io: NodeHostIo): Promise<NodeHost> {
    const storage = FileStorage.open(args.dataDirectory, {
      syncLatency: uniformSyncLatency({
        latencyMs: args.syncLatencyMs,
        // A split of its own: drawing the disk's latencies leaves the election timeouts as the
        // seed gives them.
        random: splitRandom(args.seed, "disk"),
      }),
    });
    let host: NodeHost | null = null;
    const recorder = new SyncedWalRecorder(storage);
    const sink: ReplicaEventSink = (event) =>
      io.report({ t: "event", event: durableClaims(event, recorder) });
    const replica = new Replica(
      {
        id: args.id,
        peers: args.members,
        electionTicks: args.electionTicks,
        heartbeatTicks: args.heartbeatTicks,
        random: seededRandom(args.seed),
        mutations: args.mutations,
        // The leader's fsync runs alongside its followers' (see ReplicaOptions).
        leaderAppendsBeforeSync: true,
        raft: raftBounds(args),
      },
      {
        storage: recorder,
        send: (message) => host?.send(message),
        events: args.events ? sink : null,
      },
    );
    host = new NodeHost(args, io, storage, replica);
    await host.listen();
    const { recovery } = storage;
    const peerPort = host.transport!.port;
    const clientPort = host.clients!.port;
    // Logged before it is reported: whoever learns the node listens may read the log at once.
    io.log(
      `listening: peers on ${peerPort}, clients on ${clientPort}; recovered ${recovery.records} records, cut ${recovery.tornBytesCut} torn bytes${recovery.tornTailPath === null ? "" : ` (kept in ${recovery.tornTailPath})`}; sync latency ${describeSyncLatency(args.syncLatencyMs)}`,
    );
    io.reportNow({
      t: "listening",
      pid: process.pid,
      peerPort,
      clientPort,
      recovery: { tornBytesCut: recovery.tornBytesCut, records: recovery.records },
    });
    host.reportStatus();
    host.ticks.start();
    return host;
  }

  /** Why the node is frozen (a crash is coming), or null while it runs. */
  get frozen(): string | null {
    return this.frozenFor;
  }

  /** Carries out a command; resolves with what its acknowledgement says. */
  async execute(command: HarnessCommand): Promise<AckDetail> {
    switch (command.t) {
      case "flush-to-os": {
        const rejections = this.rejections();
        await this.freeze("flush-to-os");
        const pendingBytes = this.storage.pendingBytes;
        await this.storage.flushToOs();
        return { pendingBytes, ...rejections };
      }
      case "tear": {
        const rejections = this.rejections();
        await this.freeze("tear");
        const torn = await this.storage.tear((pending) => Math.floor(pending * command.fraction));
        return { ...torn, ...rejections };
      }
      case "shutdown": {
        this.logTransportStats();
        const rejections = this.rejections();
        await this.freeze("shutdown");
        await this.storage.close();
        return rejections;
      }
      case "transport-stats":
        return { ...this.rejections(), bufferedBytes: this.bufferedBytes() };
      case "set-peer-address":
        this.transport?.setPeerAddress(command.peer, { host: command.host, port: command.port });
        return {};
      case "set-clock-rate":
        this.ticks.setRate(command.rate);
        this.io.log(`clock rate ${command.rate}: a tick every ${this.ticks.intervalMs} ms`);
        return { intervalMs: this.ticks.intervalMs };
    }
  }

  /**
   * What the node's peer and client servers refused so far (oversize or garbled frames, excess,
   * idle or unread connections), summed: the harness adds them up for the run's figures.
   */
  private rejections(): AckDetail {
    const peers = this.transport?.rejections();
    const clients = this.clients?.rejections();
    const detail: AckDetail = {};
    for (const counts of [peers, clients]) {
      if (counts === undefined) continue;
      for (const [name, count] of Object.entries(counts)) {
        detail[name] = ((detail[name] as number | undefined) ?? 0) + count;
      }
    }
    return detail;
  }

  /** Bytes the node holds in partial frames from its peers and clients. */
  private bufferedBytes(): number {
    return (this.transport?.bufferedBytes ?? 0) + (this.clients?.bufferedBytes ?? 0);
  }

  private logTransportStats(): void {
    const stats = this.transport?.stats() ?? {};
    const lines = Object.entries(stats).map(
      ([peer, sent]) =>
        `${peer}: ${sent.framesSent} frames sent, ${sent.framesDropped} dropped, ${sent.connects} connections`,
    );
    this.io.log(`peer traffic: ${lines.join("; ")}; ${this.rejectedMessages} messages rejected`);
  }

  private async listen(): Promise<void> {
    const log = (line: string) => this.io.log(line);
    const maxMessageBytes = this.args.maxMessageBytes ?? raftConfigDefaults.maxMessageBytes;
    this.transport = await NodeTransport.start({
      nodeId: this.args.id,
      listenPort: this.args.peerPort,
      peers: this.args.peerAddresses,
      onMessage: (payload) => this.receive(payload),
      // What an append of this node's configuration can take, and not a byte more.
      frameBytesMax: peerFrameBytesMax(maxMessageBytes),
      log,
    });
    this.clients = await ClientServer.start({
      nodeId: this.args.id,
      port: this.args.clientPort,
      frameBytesMax: clientFrameBytesMax,
      handle: (body) => this.serveClient(body),
      // The harness shares one connection among all its clients; the replica's own bound on
      // pending requests (answered `overloaded`) is the one that should act first.
      inFlightMaxPerConnection: 16_384,
      log,
    });
  }

  private send(message: Message): void {
    if (this.frozenFor !== null || this.transport === null) return;
    this.transport.send(message.to, encodeMessage(message));
  }

  /** A peer message. A garbled one is counted and dropped; any other error is fatal. */
  private receive(payload: Uint8Array): void {
    if (this.frozenFor !== null) return;
    try {
      this.replica.receiveBytes(payload);
    } catch (error) {
      if (!(error instanceof MessageRejectedError)) {
        this.io.fatal(error);
        return;
      }
      this.rejectedMessages += 1;
      if (this.rejectedMessages === 1 || this.rejectedMessages % 100 === 0) {
        this.io.log(`${error.message} (${this.rejectedMessages} rejected so far)`);
      }
    }
  }

  private serveClient(body: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.frozenFor !== null) {
        reject(new Error(`node ${this.args.id} is stopping`));
        return;
      }
      try {
        this.replica.handleClientBytes(body, resolve);
      } catch (error) {
        if (error instanceof ClientFrameRejectedError) reject(error);
        else this.io.fatal(error);
      }
    });
  }

  private tick(): void {
    if (this.frozenFor !== null) return;
    this.replica.tick();
    this.reportStatus();
  }

  /** A status line whenever role, term, leader or commit index changed (at most once a tick). */
  private reportStatus(): void {
    const status = this.replica.status();
    const key = `${status.role} ${status.term} ${status.leader} ${status.commitIndex}`;
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.io.report({
      t: "status",
      role: status.role,
      term: status.term,
      leader: status.leader,
      commitIndex: status.commitIndex,
    });
  }

  /** Stops ticks, peer traffic and clients; a sync already under way still completes. */
  private async freeze(reason: string): Promise<void> {
    if (this.frozenFor !== null) return;
    this.frozenFor = reason;
    this.ticks.stop();
    this.io.log(`frozen for ${reason}`);
    await Promise.all([this.transport?.close(), this.clients?.close()]);
  }
}

/** A synced `persist` claims only the commit index FileStorage really made durable. */
function durableClaims(event: ReplicaEvent, recorder: SyncedWalRecorder): ReplicaEvent {
  if (event.type !== "persist" || !event.synced) return event;
  const durableCommit = Math.min(event.hardState.commit, recorder.durableHardState.commit);
  if (durableCommit === event.hardState.commit) return event;
  return { ...event, hardState: { ...event.hardState, commit: durableCommit } };
}

function describeSyncLatency([minMs, maxMs]: readonly [number, number]): string {
  return maxMs === 0 ? "the real disk's" : `at least ${minMs}-${maxMs} ms`;
}

function raftBounds(args: NodeArguments) {
  const bounds: {
    maxInflightMessages?: number;
    maxInflightBytes?: number;
    maxMessageBytes?: number;
  } = {};
  if (args.maxInflightMessages !== null) bounds.maxInflightMessages = args.maxInflightMessages;
  if (args.maxInflightBytes !== null) bounds.maxInflightBytes = args.maxInflightBytes;
  if (args.maxMessageBytes !== null) bounds.maxMessageBytes = args.maxMessageBytes;
  return bounds;
}

/** A uniform [0, 1) source from the named split of `seed`'s generator. */
function splitRandom(seed: number, name: string): () => number {
  const rng = Rng.fromSeed(seed).split(name);
  return () => rng.float();
}
