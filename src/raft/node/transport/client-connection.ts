import net from "node:net";
import { decodeEnvelope, EnvelopeKind, encodeEnvelope } from "./client-envelope.js";
import { clientFrameBytesMax, encodeFrame, FrameError, FrameReader } from "./frame.js";
import { assertLoopbackHost, assertPort, loopbackHost } from "./loopback.js";

/**
 * Why a client call did not get an answer. `maybeApplied` tells a history writer whether the
 * request could have taken effect: false means it certainly did not (a `fail`), true means it is
 * unknown (an `info`).
 */
export type ClientCallFailure =
  | "connect-failed"
  | "not-sent"
  | "rejected"
  | "timeout"
  | "connection-lost"
  | "failed";

export class ClientCallError extends Error {
  override name = "ClientCallError";
  constructor(
    readonly failure: ClientCallFailure,
    message: string,
  ) {
    super(message);
  }

  get maybeApplied(): boolean {
    return !["connect-failed", "not-sent", "rejected"].includes(this.failure);
  }
}

export interface ClientConnectOptions {
  port: number;
  host?: string;
  connectTimeoutMs?: number;
  /** Requests awaiting an answer at once; more are refused (not sent). */
  inFlightMax?: number;
  frameBytesMax?: number;
}

interface Pending {
  resolve(body: Uint8Array): void;
  reject(error: ClientCallError): void;
  timer: NodeJS.Timeout;
}

/** One client connection to a node's client API; `request` may be called many times at once. */
export class ClientConnection {
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private closeReason: string | null = null;
  private corked = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: ClientConnectOptions,
  ) {
    const reader = new FrameReader(options.frameBytesMax ?? clientFrameBytesMax);
    socket.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (payload) => this.onEnvelope(payload));
      } catch (error) {
        this.close(`garbled answer from the server: ${(error as Error).message}`);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => this.close("the server closed the connection"));
  }

  /** Connects; rejects with a ClientCallError("connect-failed") when the node is not there. */
  static connect(options: ClientConnectOptions): Promise<ClientConnection> {
    const host = options.host ?? loopbackHost;
    assertLoopbackHost(host);
    assertPort(options.port);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port: options.port });
      socket.setNoDelay(true);
      socket.setTimeout(options.connectTimeoutMs ?? 2000, () => {
        socket.destroy(new Error("connect timed out"));
      });
      socket.once("error", (error) => {
        reject(new ClientCallError("connect-failed", `port ${options.port}: ${error.message}`));
      });
      socket.once("connect", () => {
        socket.setTimeout(0);
        socket.removeAllListeners("error");
        resolve(new ClientConnection(socket, options));
      });
    });
  }

  get closed(): boolean {
    return this.closeReason !== null;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  request(body: Uint8Array, options: { timeoutMs: number }): Promise<Uint8Array> {
    if (this.closeReason !== null) {
      return Promise.reject(
        new ClientCallError("not-sent", `connection closed: ${this.closeReason}`),
      );
    }
    const inFlightMax = this.options.inFlightMax ?? 1024;
    if (this.pending.size >= inFlightMax) {
      const message = `${inFlightMax} requests already in flight on this connection`;
      return Promise.reject(new ClientCallError("not-sent", message));
    }
    const requestId = this.nextRequestId;
    this.nextRequestId = (this.nextRequestId % 0xffff_ffff) + 1;
    let frame: Buffer;
    try {
      frame = encodeFrame(
        encodeEnvelope({ kind: EnvelopeKind.request, requestId, body }),
        this.options.frameBytesMax ?? clientFrameBytesMax,
      );
    } catch (error) {
      // Larger than the client API carries: refused here, certainly not applied.
      if (!(error instanceof FrameError)) throw error;
      return Promise.reject(new ClientCallError("not-sent", error.message));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new ClientCallError("timeout", `no answer within ${options.timeoutMs}ms`));
      }, options.timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      this.writeCoalesced(frame);
    });
  }

  /** Closes the connection; calls still awaiting an answer fail as `connection-lost`. */
  close(reason = "closed by the client"): void {
    if (this.closeReason !== null) return;
    this.closeReason = reason;
    this.socket.destroy();
    for (const [requestId, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(new ClientCallError("connection-lost", `request ${requestId}: ${reason}`));
    }
    this.pending.clear();
  }

  /** Requests made in one turn of the event loop leave in one system call. */
  private writeCoalesced(frame: Uint8Array): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame);
  }

  private onEnvelope(payload: Uint8Array): void {
    const { kind, requestId, body } = decodeEnvelope(payload);
    if (kind === EnvelopeKind.request) throw new Error("the server sent a request envelope");
    const call = this.pending.get(requestId);
    if (call === undefined) return; // answered after its timeout: the caller has moved on
    this.pending.delete(requestId);
    clearTimeout(call.timer);
    if (kind === EnvelopeKind.response) {
      call.resolve(body);
      return;
    }
    const reason = Buffer.from(body).toString("utf8");
    call.reject(
      new ClientCallError(kind === EnvelopeKind.rejected ? "rejected" : "failed", reason),
    );
  }
}
