import { ClientConnection } from "../../raft/node/transport/client-connection.js";
import type { NodeName } from "../types.js";

interface CachedConnection {
  port: number;
  connection: Promise<ClientConnection>;
}

const connectTimeoutMsMax = 2000;

/**
 * One client connection per node, shared by every client session of the cluster (each request
 * carries its client id and sequence, and the envelope's request id matches answers to calls).
 * Sharing matters for speed: a node reads the requests of many clients in one system call and
 * answers them in one, where a connection per client cost a read and a write per request on
 * both sides. A connection that breaks fails only the calls in flight on it (as `unknown`); the
 * next call opens a new one. A node that restarted on another port gets a new connection.
 */
export class ClientConnections {
  private readonly connections = new Map<NodeName, CachedConnection>();

  /** The open connection to `node` at `port`, connecting (once, shared by concurrent calls) if needed. */
  async connectionTo(node: NodeName, port: number, timeoutMs: number): Promise<ClientConnection> {
    const cached = this.connections.get(node);
    if (cached !== undefined && cached.port === port) {
      const open = await cached.connection;
      if (!open.closed) return open;
      if (this.connections.get(node) === cached) this.connections.delete(node);
    } else if (cached !== undefined) {
      this.connections.delete(node);
      cached.connection.then((old) => old.close("the node moved to another port")).catch(() => {});
    }
    return this.connect(node, port, timeoutMs);
  }

  closeAll(): void {
    for (const { connection } of this.connections.values()) {
      connection.then((open) => open.close("the cluster stopped")).catch(() => {});
    }
    this.connections.clear();
  }

  private connect(node: NodeName, port: number, timeoutMs: number): Promise<ClientConnection> {
    const existing = this.connections.get(node);
    if (existing !== undefined && existing.port === port) return existing.connection;
    const connection = ClientConnection.connect({
      port,
      connectTimeoutMs: Math.min(timeoutMs, connectTimeoutMsMax),
      inFlightMax: 64 * 1024,
    });
    const entry: CachedConnection = { port, connection };
    this.connections.set(node, entry);
    connection.catch(() => {
      if (this.connections.get(node) === entry) this.connections.delete(node);
    });
    return connection;
  }
}
