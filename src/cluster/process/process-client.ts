import { performance } from "node:perf_hooks";
import { decodeClientResponse, encodeClientRequest } from "../../raft/kv/protocol.js";
import {
  ClientCallError,
  type ClientConnection,
} from "../../raft/node/transport/client-connection.js";
import type { ClientOutcome, ClusterClient, KvRequest, NodeName } from "../types.js";
import type { ClientConnections } from "./client-connections.js";
import { ProcessClusterArgumentError, ProcessClusterStoppedError } from "./errors.js";

/** What a client needs to know of the cluster. */
export interface ClientEndpoints {
  /** The node's client port now, or null while it is down. Throws for an unknown node. */
  clientPort(node: NodeName): number | null;
  isStopped(): boolean;
  /** The cluster's shared connections to its nodes. */
  connections: ClientConnections;
}

/**
 * One client session of a process cluster: each call is one request to one node, over the
 * connection the cluster keeps to that node (client-connections.ts). How failures map onto
 * outcomes, honestly:
 * - the node is down, or the connection is refused or cannot be made: `fail` — nothing was sent;
 * - the node refused the request before handling it (overloaded connection): `fail`;
 * - sent, and no answer within the time, the connection broke, or the handler failed: `unknown`
 *   — the request may have been applied.
 */
export class ProcessClient implements ClusterClient {
  private requestCounter = 0;

  constructor(
    readonly clientId: string,
    private readonly endpoints: ClientEndpoints,
  ) {}

  async call(
    request: KvRequest,
    options: { node: NodeName; sequence: number; timeoutMs: number },
  ): Promise<ClientOutcome> {
    if (!(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
      throw new ProcessClusterArgumentError(
        `a call needs a finite timeoutMs > 0, got ${options.timeoutMs}`,
      );
    }
    if (this.endpoints.isStopped())
      throw new ProcessClusterStoppedError("the process cluster is stopped");
    const port = this.endpoints.clientPort(options.node);
    if (port === null) return { type: "fail", reason: `unavailable: node ${options.node} is down` };
    const deadlineMs = performance.now() + options.timeoutMs;
    let connection: ClientConnection;
    try {
      connection = await this.endpoints.connections.connectionTo(
        options.node,
        port,
        options.timeoutMs,
      );
    } catch (error) {
      return { type: "fail", reason: `unavailable: ${(error as Error).message}` };
    }
    const remainingMs = Math.floor(deadlineMs - performance.now());
    if (remainingMs <= 0) {
      return {
        type: "fail",
        reason: `unavailable: connecting to ${options.node} took the whole ${options.timeoutMs} ms`,
      };
    }
    this.requestCounter = (this.requestCounter % 0x7fff_ffff) + 1;
    const body = encodeClientRequest({
      requestId: this.requestCounter,
      clientId: this.clientId,
      sequence: options.sequence,
      request,
    });
    return this.send(connection, body, { node: options.node, timeoutMs: remainingMs });
  }

  private async send(
    connection: ClientConnection,
    body: Uint8Array,
    options: { node: NodeName; timeoutMs: number },
  ): Promise<ClientOutcome> {
    let response: Uint8Array;
    try {
      response = await connection.request(body, { timeoutMs: options.timeoutMs });
    } catch (error) {
      const reason = `${options.node}: ${(error as Error).message}`;
      if (error instanceof ClientCallError && !error.maybeApplied) return { type: "fail", reason };
      return { type: "unknown", reason };
    }
    try {
      return decodeClientResponse(response).outcome;
    } catch (error) {
      return {
        type: "unknown",
        reason: `${options.node} answered garbage: ${(error as Error).message}`,
      };
    }
  }
}
