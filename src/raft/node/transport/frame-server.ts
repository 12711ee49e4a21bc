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
  connectionsMax?: number;
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

/**
 * A TCP server on 127.0.0.1 that reads length-prefixed frames from every connection it accepts.
 * The peer-to-peer inbound side and the client API both stand on it. A garbled or oversize
 * frame, or a handler that throws, closes only the connection it came on, with a logged reason.
 */
export class FrameServer {
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;
  private readonly log: TransportLog;
  private listenPort = 0;

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
    server.maxConnections = options.connectionsMax ?? 256;
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

  /** Stops listening and closes every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const reader = new FrameReader(this.options.frameBytesMax ?? frameBytesMaxDefault);
    const connection = this.connectionFor(socket);
    socket.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (payload) => {
          if (!connection.closed) this.options.onFrame(payload, connection);
        });
      } catch (error) {
        connection.close((error as Error).message);
      }
    });
    socket.on("error", () => {}); // a reset by the other side; close follows
    socket.on("close", () => this.sockets.delete(socket));
  }

  private connectionFor(socket: net.Socket): FrameConnection {
    const id = this.nextConnectionId++;
    const name = this.options.name;
    const log = this.log;
    let corked = false;
    return {
      id,
      write: (bytes) => {
        if (socket.destroyed) return false;
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
  }
}
