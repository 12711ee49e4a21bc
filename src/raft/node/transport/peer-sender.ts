import net from "node:net";
import { performance } from "node:perf_hooks";
import { type BackoffOptions, backoffDefaults, backoffDelayMs } from "./backoff.js";
import { DropOldestQueue } from "./bounded-queue.js";
import { encodeFrame, frameBytesMaxDefault } from "./frame.js";
import { silentLog, type TransportLog } from "./log.js";
import { assertLoopbackHost, assertPort, type LoopbackAddress } from "./loopback.js";

export interface PeerSenderOptions {
  /** The peer's name, for log lines. */
  peer: string;
  address: LoopbackAddress;
  backoff?: BackoffOptions;
  queueFramesMax?: number;
  queueBytesMax?: number;
  frameBytesMax?: number;
  connectTimeoutMs?: number;
  log?: TransportLog;
}

export interface PeerSenderStats {
  framesSent: number;
  framesDropped: number;
  framesQueued: number;
  connects: number;
  connectFailures: number;
}

type State =
  | { kind: "connecting"; socket: net.Socket }
  | { kind: "connected"; socket: net.Socket; connectedAtMs: number }
  | { kind: "waiting"; timer: NodeJS.Timeout }
  | { kind: "closed" };

/**
 * The outbound half of one directed link: this node's messages to one peer, over a TCP connection
 * this node dials. It never reads from the connection (the peer answers on its own connection),
 * so one TCP connection carries one direction and a proxy can fault each direction alone.
 *
 * `send` never blocks and never fails: a frame waits in a bounded drop-oldest queue while the
 * peer is unreachable or the socket is backed up, and is lost if the connection breaks after it
 * was handed to the socket. Raft retransmits what matters.
 */
export class PeerSender {
  private state: State;
  private address: LoopbackAddress;
  private failures = 0;
  private readonly queue: DropOldestQueue;
  private framesSent = 0;
  private connects = 0;
  private connectFailures = 0;
  private readonly log: TransportLog;
  private flushScheduled = false;

  constructor(private readonly options: PeerSenderOptions) {
    assertLoopbackHost(options.address.host);
    assertPort(options.address.port);
    this.address = options.address;
    this.log = options.log ?? silentLog;
    this.queue = new DropOldestQueue({
      framesMax: options.queueFramesMax ?? 4096,
      bytesMax: options.queueBytesMax ?? 64 * 1024 * 1024,
    });
    this.state = this.connect();
  }

  send(payload: Uint8Array): void {
    if (this.state.kind === "closed") return;
    this.queue.push(encodeFrame(payload, this.options.frameBytesMax ?? frameBytesMaxDefault));
    if (this.state.kind === "connected") this.scheduleFlush();
  }

  /** Points the sender at a new address (a restarted peer or proxy); reconnects at once. */
  setAddress(address: LoopbackAddress): void {
    assertLoopbackHost(address.host);
    assertPort(address.port);
    if (this.state.kind === "closed") return;
    this.address = address;
    this.failures = 0;
    this.teardown();
    this.state = this.connect();
  }

  stats(): PeerSenderStats {
    return {
      framesSent: this.framesSent,
      framesDropped: this.queue.dropped,
      framesQueued: this.queue.length,
      connects: this.connects,
      connectFailures: this.connectFailures,
    };
  }

  close(): void {
    this.teardown();
    this.state = { kind: "closed" };
    this.queue.drain();
  }

  private connect(): State {
    const socket = net.connect({ host: this.address.host, port: this.address.port });
    socket.setNoDelay(true);
    socket.setTimeout(this.options.connectTimeoutMs ?? 2000, () => {
      socket.destroy(new Error("connect timed out"));
    });
    socket.once("connect", () => this.onConnect(socket));
    socket.on("drain", () => this.flush(socket));
    socket.on("error", () => {}); // the close handler below reports and reconnects
    socket.on("close", () => this.onClose(socket));
    // Nothing is expected back; reading keeps the socket from stalling if a peer writes anyway.
    socket.on("data", () => {});
    return { kind: "connecting", socket };
  }

  private onConnect(socket: net.Socket): void {
    if (!this.owns(socket)) return;
    socket.setTimeout(0);
    this.connects += 1;
    this.state = { kind: "connected", socket, connectedAtMs: performance.now() };
    this.flush(socket);
  }

  private onClose(socket: net.Socket): void {
    if (!this.owns(socket)) return;
    if (this.state.kind === "connecting") this.connectFailures += 1;
    // The backoff starts over only after a connection that stayed up a while: a listener that
    // accepts and closes at once (a proxy whose node is down) must not be redialled every 10 ms.
    const stableMs = (this.options.backoff ?? backoffDefaults).maxMs;
    if (
      this.state.kind === "connected" &&
      performance.now() - this.state.connectedAtMs >= stableMs
    ) {
      this.failures = 0;
    }
    this.failures += 1;
    const delayMs = backoffDelayMs(this.failures, this.options.backoff ?? backoffDefaults);
    if (this.failures === 1 || this.failures % 50 === 0) {
      this.log(
        `peer ${this.options.peer}: connection to port ${this.address.port} lost or refused; retry ${this.failures} in ${delayMs}ms`,
      );
    }
    const timer = setTimeout(() => {
      if (this.state.kind === "waiting") this.state = this.connect();
    }, delayMs);
    timer.unref();
    this.state = { kind: "waiting", timer };
  }

  /**
   * Writes once per turn of the event loop, not once per message: a node handles every socket
   * that became readable in one turn (peer acknowledgements, client requests), each producing
   * messages, and on loopback the send system call — which runs the receiving side's TCP stack
   * too — was the largest single cost of a replicated write. `setImmediate` runs after the turn's
   * I/O callbacks, so everything they sent to this peer leaves in one write.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.state.kind === "connected") this.flush(this.state.socket);
    });
  }

  private flush(socket: net.Socket): void {
    if (!this.owns(socket) || this.state.kind !== "connected" || socket.writableNeedDrain) return;
    if (this.queue.length === 0) return;
    const frames = this.queue.drain();
    // One write per batch: fewer syscalls and packets than a write per frame.
    socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    this.framesSent += frames.length;
  }

  private owns(socket: net.Socket): boolean {
    const state = this.state;
    return (state.kind === "connecting" || state.kind === "connected") && state.socket === socket;
  }

  private teardown(): void {
    const state = this.state;
    if (state.kind === "waiting") clearTimeout(state.timer);
    if (state.kind === "connecting" || state.kind === "connected") {
      this.state = { kind: "closed" };
      state.socket.destroy();
    }
  }
}
