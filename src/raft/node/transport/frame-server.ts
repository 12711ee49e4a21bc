import net from "node:net";
import { FrameReader, frameBytesMaxDefault } from "./frame.js";
import { silentLog, type TransportLog } from "./log.js";
import { assertLoopbackHost, loopbackHost } from "./loopback.js";

export interface FrameServerOptions {
  /** What the server is, for log lines ("n1 peers", "n1 clients"). */
  name: string;
  /** 0 lets the OS choose; read `port` afterwards. */
  port: number;
  host?: string;
  frameBytesMax?: number;
  /** Connections open at once; one more is closed as it arrives (and counted). Default 32. */
  connectionsMax?: number;
  /** A connection that sends nothing for this long is closed. Default 60 s. */
  idleTimeoutMs?: number;
  /**
   * Bytes written to one connection that its reader has not taken (answers to a client that
   * does not read); past it the connection is closed. Default 1 MiB.
   */
  unreadBytesMax?: number;
  log?: TransportLog;
  /**
   * Called with each frame's payload, in order per connection. Throwing (a payload the codec
   * cannot decode) closes that connection with the error logged as the reason.
   */
  onFrame(payload: Uint8Array, connection: FrameConnection): void;
}

/** One accepted connection, as its frames' handler sees it. */
export interface FrameConnection {
  readonly id: number;
  /** Writes raw bytes (already framed by the caller); false when the connection is gone. */
  write(bytes: Uint8Array): boolean;
  close(reason: string): void;
  readonly closed: boolean;
}

/** What a server refused, since it started. */
export interface FrameServerRejections {
  /** Connections closed for a garbled or oversize frame (announced in its header) or a bad payload. */
  framesRejected: number;
  /** Connections closed on arrival because `connectionsMax` were open. */
  connectionsRejected: number;
  /** Connections closed for sending nothing for `idleTimeoutMs`. */
  connectionsIdleClosed: number;
  /** Connections closed for leaving more than `unreadBytesMax` of answers unread. */
  connectionsUnreadClosed: number;
}

export const frameServerDefaults = {
  connectionsMax: 32,
  idleTimeoutMs: 60_000,
  unreadBytesMax: 1024 * 1024,
} as const;

/**
 * A TCP server on 127.0.0.1 that reads length-prefixed frames from every connection it accepts.
 * The peer-to-peer inbound side and the client API both stand on it. A garbled or oversize
 * frame, or a handler that throws, closes only the connection it came on, with a logged reason.
 *
 * Bounds (docs/process-mode.md): at most `connectionsMax` connections, each holding at most one
 * partial frame (`frameBytesMax` plus one chunk) and `unreadBytesMax` of unread answers, so
 * the server's buffered bytes stay below `connectionsMax * (frameBytesMax + 64 KiB +
 * unreadBytesMax)` whoever connects; an oversize frame closes its connection at its header,
 * before any of it is buffered.
 */
export class FrameServer {
  private readonly sockets = new Set<net.Socket>();
  private readonly readers = new Map<net.Socket, FrameReader>();
  private nextConnectionId = 1;
  private readonly log: TransportLog;
  private listenPort = 0;
  private readonly counts: FrameServerRejections = {
    framesRejected: 0,
    connectionsRejected: 0,
    connectionsIdleClosed: 0,
    connectionsUnreadClosed: 0,
  };

  private constructor(
    private readonly server: net.Server,
    private readonly options: FrameServerOptions,
  ) {
    this.log = options.log ?? silentLog;
  }

  /** Listens; rejects with the listen error (its `code` is EADDRINUSE when the port is taken). */
  static async start(options: FrameServerOptions): Promise<FrameServer> {
    const host = options.host ?? loopbackHost;
    assertLoopbackHost(host);
    const server = net.createServer();
    const frameServer = new FrameServer(server, options);
    server.on("connection", (socket) => frameServer.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: options.port, host, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (error) =>
      frameServer.log(`${options.name}: server error: ${error.message}`),
    );
    frameServer.listenPort = (server.address() as net.AddressInfo).port;
    return frameServer;
  }

  get port(): number {
    return this.listenPort;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Bytes held in partial frames over every connection (bounded: see the class comment). */
  get bufferedBytes(): number {
    let total = 0;
    for (const reader of this.readers.values()) total += reader.pendingBytes;
    return total;
  }

  rejections(): FrameServerRejections {
    return { ...this.counts };
  }

  /** Stops listening and closes every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.on("error", () => {}); // a reset by the other side; close follows
    const connectionsMax = this.options.connectionsMax ?? frameServerDefaults.connectionsMax;
    if (this.sockets.size >= connectionsMax) {
      this.counts.connectionsRejected += 1;
      if (this.counts.connectionsRejected === 1 || this.counts.connectionsRejected % 100 === 0) {
        this.log(
          `${this.options.name}: refused a connection: ${connectionsMax} are open (${this.counts.connectionsRejected} refused so far)`,
        );
      }
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const reader = new FrameReader(this.options.frameBytesMax ?? frameBytesMaxDefault);
    this.readers.set(socket, reader);
    const connection = this.connectionFor(socket);
    socket.setTimeout(this.options.idleTimeoutMs ?? frameServerDefaults.idleTimeoutMs, () => {
      this.counts.connectionsIdleClosed += 1;
      connection.close("idle for too long");
    });
    socket.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (payload) => {
          if (!connection.closed) this.options.onFrame(payload, connection);
        });
      } catch (error) {
        this.counts.framesRejected += 1;
        connection.close((error as Error).message);
      }
    });
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.readers.delete(socket);
    });
  }

  private connectionFor(socket: net.Socket): FrameConnection {
    const id = this.nextConnectionId++;
    const name = this.options.name;
    const log = this.log;
    const unreadBytesMax = this.options.unreadBytesMax ?? frameServerDefaults.unreadBytesMax;
    const counts = this.counts;
    let corked = false;
    const connection: FrameConnection = {
      id,
      write: (bytes) => {
        if (socket.destroyed) return false;
        if (socket.writableLength + bytes.length > unreadBytesMax) {
          counts.connectionsUnreadClosed += 1;
          connection.close(`more than ${unreadBytesMax} bytes of answers left unread`);
          return false;
        }
        // Answers written in one turn of the event loop leave in one system call (see
        // PeerSender.scheduleFlush): cork now, uncork once the turn's callbacks have run.
        if (!corked) {
          corked = true;
          socket.cork();
          setImmediate(() => {
            corked = false;
            socket.uncork();
          });
        }
        socket.write(bytes);
        return true;
      },
      close(reason) {
        if (socket.destroyed) return;
        log(`${name}: closing connection ${id}: ${reason}`);
        socket.destroy();
      },
      get closed() {
        return socket.destroyed;
      },
    };
    return connection;
  }
}
