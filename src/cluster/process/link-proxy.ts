import net from "node:net";
import { performance } from "node:perf_hooks";
import { encodeFrame, FrameReader, frameBytesMaxDefault } from "../../raft/node/transport/frame.js";
import { assertPort, loopbackHost } from "../../raft/node/transport/loopback.js";
import { FrameSchedule } from "./frame-schedule.js";
import {
  decideFrameFate,
  noFaults,
  type ProxyFaults,
  reorderHoldMs,
  validateProxyFaults,
} from "./proxy-faults.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";

export interface LinkProxyOptions {
  /** The directed link, for log lines: "n1->n2". */
  name: string;
  /** The receiving node's peer port, or null while it is down (connections are then refused). */
  upstreamPort: number | null;
  seed: number;
  frameBytesMax?: number;
  /** Frames held back (delayed or reordered) per connection before new ones are dropped. */
  heldFramesMax?: number;
  /** Bytes of frames held back per connection before new ones are dropped. Default 4 MiB. */
  heldBytesMax?: number;
  /**
   * Connections open at once; one more is closed as it arrives. Only the link's sender dials a
   * proxy, once, and again after a break: a few cover a reconnect overlapping the old
   * connection's end. Default 4.
   */
  connectionsMax?: number;
  /** A connection that sends nothing for this long is closed. Default 60 s. */
  idleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface LinkProxyStats {
  connections: number;
  framesReceived: number;
  framesForwarded: number;
  framesDropped: number;
  framesDuplicated: number;
  framesReordered: number;
  framesHeld: number;
  /** Connections closed for a frame larger than `frameBytesMax` (at its header) or garbage. */
  framesRejected: number;
  /** Connections closed on arrival because `connectionsMax` were open. */
  connectionsRejected: number;
  /** Connections closed for sending nothing for `idleTimeoutMs`. */
  connectionsIdleClosed: number;
  /** Bytes held now: partial frames being read and frames held back. */
  bufferedBytes: number;
}

export const linkProxyDefaults = {
  heldFramesMax: 10_000,
  heldBytesMax: 4 * 1024 * 1024,
  connectionsMax: 4,
  idleTimeoutMs: 60_000,
} as const;

/**
 * A harness-owned proxy on ONE directed node-to-node link, A→B. Node A dials the proxy as if it
 * were B (its transport dials each peer for its own outbound messages only, so the connection
 * carries A→B and nothing else); for each such connection the proxy dials B and forwards A's
 * frames, applying the current faults to whole frames. Bytes B might write back are read and
 * discarded. Faults can change at any time and apply to the next frame that arrives; the random
 * decisions come from a seeded PRNG, one stream per link.
 */
export class LinkProxy {
  private faults: ProxyFaults = noFaults;
  private upstreamPort: number | null;
  private readonly random: SeededRandom;
  private readonly pairs = new Set<ProxiedConnection>();
  private readonly counters = {
    framesReceived: 0,
    framesForwarded: 0,
    framesDropped: 0,
    framesDuplicated: 0,
    framesReordered: 0,
    framesRejected: 0,
    connectionsRejected: 0,
    connectionsIdleClosed: 0,
  };
  private listenPort = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly options: LinkProxyOptions,
  ) {
    this.upstreamPort = options.upstreamPort;
    this.random = createSeededRandom(options.seed);
  }

  /** Listens on 127.0.0.1 at a port the OS chooses (read `port`): nothing to race for. */
  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    if (options.upstreamPort !== null) assertPort(options.upstreamPort);
    const server = net.createServer();
    const proxy = new LinkProxy(server, options);
    server.on("connection", (socket) => proxy.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: 0, host: loopbackHost, exclusive: true }, () => resolve());
    });
    proxy.listenPort = (server.address() as net.AddressInfo).port;
    return proxy;
  }

  get name(): string {
    return this.options.name;
  }

  /** The port node A dials to reach B through this proxy. */
  get port(): number {
    return this.listenPort;
  }

  /** The faults now in force (a copy). */
  get currentFaults(): ProxyFaults {
    return { ...this.faults, delayMs: [...this.faults.delayMs] };
  }

  setFaults(faults: ProxyFaults): void {
    this.faults = validateProxyFaults({ ...faults, delayMs: [...faults.delayMs] });
  }

  /**
   * Points the proxy at B's new port (B restarted) or at nothing (B is down). Open connections
   * are closed, so A reconnects and reaches the new B.
   */
  setUpstreamPort(port: number | null): void {
    if (port !== null) assertPort(port);
    this.upstreamPort = port;
    for (const pair of this.pairs) pair.close("the upstream node moved");
  }

  stats(): LinkProxyStats {
    let framesHeld = 0;
    let bufferedBytes = 0;
    for (const pair of this.pairs) {
      framesHeld += pair.framesHeld;
      bufferedBytes += pair.bufferedBytes;
    }
    return { connections: this.pairs.size, framesHeld, bufferedBytes, ...this.counters };
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) pair.close("the proxy is closing");
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(downstream: net.Socket): void {
    const connectionsMax = this.options.connectionsMax ?? linkProxyDefaults.connectionsMax;
    if (this.upstreamPort === null || this.pairs.size >= connectionsMax) {
      if (this.upstreamPort !== null) this.counters.connectionsRejected += 1;
      downstream.on("error", () => {});
      downstream.destroy();
      return;
    }
    const pair = new ProxiedConnection({
      downstream,
      upstreamPort: this.upstreamPort,
      frameBytesMax: this.options.frameBytesMax ?? frameBytesMaxDefault,
      heldFramesMax: this.options.heldFramesMax ?? linkProxyDefaults.heldFramesMax,
      heldBytesMax: this.options.heldBytesMax ?? linkProxyDefaults.heldBytesMax,
      idleTimeoutMs: this.options.idleTimeoutMs ?? linkProxyDefaults.idleTimeoutMs,
      onFrame: (payload) => this.route(pair, payload),
      onForwarded: (count) => {
        this.counters.framesForwarded += count;
      },
      onRejected: (what) => {
        if (what === "frame") this.counters.framesRejected += 1;
        else this.counters.connectionsIdleClosed += 1;
      },
      onClose: (reason) => {
        this.pairs.delete(pair);
        if (reason !== null) this.options.log?.(`proxy ${this.options.name}: ${reason}`);
      },
    });
    this.pairs.add(pair);
  }

  private route(pair: ProxiedConnection, payload: Uint8Array): void {
    this.counters.framesReceived += 1;
    const fate = decideFrameFate(this.faults, this.random);
    if (fate.length === 0) {
      this.counters.framesDropped += 1;
      return;
    }
    if (fate.length > 1) this.counters.framesDuplicated += 1;
    const holdMs = reorderHoldMs(this.faults);
    for (const copy of fate) {
      if (copy.reordered) this.counters.framesReordered += 1;
      if (!pair.schedule(payload, copy.delayMs, copy.reordered, holdMs)) {
        this.counters.framesDropped += 1;
      }
    }
  }
}

interface ProxiedConnectionOptions {
  downstream: net.Socket;
  upstreamPort: number;
  frameBytesMax: number;
  heldFramesMax: number;
  heldBytesMax: number;
  idleTimeoutMs: number;
  onFrame(payload: Uint8Array): void;
  /** The connection is being closed for an oversize or garbled frame, or for idling. */
  onRejected(what: "frame" | "idle"): void;
  /** Frames written to B (frames still held when the connection closes are lost). */
  onForwarded(count: number): void;
  /** `reason` is null for an ordinary end (either side closed). */
  onClose(reason: string | null): void;
}

/** One A→proxy connection and the proxy→B connection it is forwarded on. */
class ProxiedConnection {
  private readonly upstream: net.Socket;
  private readonly frames: FrameSchedule;
  private timer: NodeJS.Timeout | null = null;
  private timerDueMs = Number.POSITIVE_INFINITY;
  private closed = false;
  private deliveryScheduled = false;
  private readonly reader: FrameReader;
  private heldBytes = 0;

  constructor(private readonly options: ProxiedConnectionOptions) {
    const { downstream } = options;
    this.frames = new FrameSchedule(options.heldFramesMax);
    downstream.setNoDelay(true);
    this.upstream = net.connect({ host: loopbackHost, port: options.upstreamPort });
    this.upstream.setNoDelay(true);
    const reader = new FrameReader(options.frameBytesMax);
    this.reader = reader;
    downstream.setTimeout(options.idleTimeoutMs, () => {
      options.onRejected("idle");
      this.close("the sender was idle for too long");
    });
    downstream.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (payload) => options.onFrame(payload));
      } catch (error) {
        // An oversize frame is refused at its header, before any of it is held.
        options.onRejected("frame");
        this.close(`garbled stream from the sender: ${(error as Error).message}`);
      }
    });
    // Backpressure: while B is not reading (paused, slow), stop reading from A instead of
    // buffering without bound; A's own drop-oldest queue then absorbs the excess.
    this.upstream.on("drain", () => downstream.resume());
    this.upstream.on("data", () => {}); // B never writes on this connection; discard if it does
    for (const socket of [downstream, this.upstream]) {
      socket.on("error", () => {});
      socket.on("close", () => this.close(null));
    }
  }

  get framesHeld(): number {
    return this.frames.length;
  }

  /** Bytes held: the partial frame being read and the frames held back. */
  get bufferedBytes(): number {
    return this.closed ? 0 : this.reader.pendingBytes + this.heldBytes;
  }

  /** False when the schedule is full (by frames or bytes) and the frame was dropped. */
  schedule(payload: Uint8Array, delayMs: number, reordered: boolean, holdMs: number): boolean {
    if (this.closed) return false;
    if (this.heldBytes + payload.length > this.options.heldBytesMax) return false;
    const added = this.frames.add({
      // A payload may be a view into the chunk it arrived in (up to 64 KiB): one held for a while
      // is copied, so what it keeps alive is its own bytes, as heldBytesMax counts them.
      payload: delayMs > 0 || reordered ? Uint8Array.prototype.slice.call(payload) : payload,
      nowMs: performance.now(),
      delayMs,
      reordered,
      holdMs,
    });
    if (added) this.heldBytes += payload.length;
    this.scheduleDelivery();
    return added;
  }

  /**
   * Delivers once per turn of the event loop rather than once per frame: the frames a chunk
   * carried (and those other connections' chunks made due) leave in one write — on loopback
   * each write runs the receiving side's TCP stack too.
   */
  private scheduleDelivery(): void {
    if (this.deliveryScheduled) return;
    this.deliveryScheduled = true;
    setImmediate(() => {
      this.deliveryScheduled = false;
      this.deliverDue();
    });
  }

  close(reason: string | null): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.frames.clear();
    this.heldBytes = 0;
    this.options.downstream.destroy();
    this.upstream.destroy();
    this.options.onClose(reason);
  }

  private deliverDue(): void {
    if (this.closed) return;
    const due = this.frames.takeDue(performance.now());
    for (const payload of due) this.heldBytes -= payload.length;
    if (due.length > 0) {
      const bytes = Buffer.concat(
        due.map((payload) => encodeFrame(payload, this.options.frameBytesMax)),
      );
      // Before B accepts, writes wait in the socket; bounded because A is paused meanwhile.
      if (!this.upstream.write(bytes)) this.options.downstream.pause();
      this.options.onForwarded(due.length);
    }
    this.armTimer();
  }

  /** Keeps one timer, for the earliest held frame; re-armed only when that moves earlier. */
  private armTimer(): void {
    const nextDueMs = this.frames.nextDueMs();
    if (nextDueMs === null || nextDueMs >= this.timerDueMs) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDueMs = nextDueMs;
    const waitMs = Math.max(0, nextDueMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDueMs = Number.POSITIVE_INFINITY;
      this.deliverDue();
    }, Math.ceil(waitMs));
  }
}
