import { decodeEnvelope, type Envelope, EnvelopeKind, encodeEnvelope } from "./client-envelope.js";
import { clientFrameBytesMax, encodeFrame } from "./frame.js";
import { type FrameConnection, FrameServer, type FrameServerRejections } from "./frame-server.js";
import { silentLog, type TransportLog } from "./log.js";

export interface ClientServerOptions {
  nodeId: string;
  /** 0 lets the OS choose (read `port`). */
  port: number;
  /** Answers one request body with a response body. Rejecting sends a `failed` envelope. */
  handle(body: Uint8Array): Promise<Uint8Array>;
  /** Requests one connection may have awaiting their answer; more are refused at once. */
  inFlightMaxPerConnection?: number;
  frameBytesMax?: number;
  log?: TransportLog;
}

/**
 * The node's client API server on 127.0.0.1: request envelopes in, response envelopes out, in
 * whatever order the handler finishes. The request bodies are opaque here.
 */
export class ClientServer {
  private constructor(private readonly server: FrameServer) {}

  static async start(options: ClientServerOptions): Promise<ClientServer> {
    const inFlight = new Map<number, number>();
    const inFlightMax = options.inFlightMaxPerConnection ?? 1024;
    const frameBytesMax = options.frameBytesMax ?? clientFrameBytesMax;
    const reply = (connection: FrameConnection, envelope: Envelope) => {
      if (!connection.closed)
        connection.write(encodeFrame(encodeEnvelope(envelope), frameBytesMax));
    };
    const server = await FrameServer.start({
      name: `${options.nodeId} clients`,
      port: options.port,
      frameBytesMax,
      log: options.log ?? silentLog,
      onFrame(payload, connection) {
        const { kind, requestId, body } = decodeEnvelope(payload);
        if (kind !== EnvelopeKind.request) throw new Error(`client sent envelope kind ${kind}`);
        const count = inFlight.get(connection.id) ?? 0;
        if (count >= inFlightMax) {
          const reason = Buffer.from(`overloaded: ${inFlightMax} requests already in flight`);
          reply(connection, { kind: EnvelopeKind.rejected, requestId, body: reason });
          return;
        }
        inFlight.set(connection.id, count + 1);
        options
          .handle(body)
          .then(
            (response) =>
              reply(connection, { kind: EnvelopeKind.response, requestId, body: response }),
            (error: unknown) => {
              const reason = Buffer.from(error instanceof Error ? error.message : String(error));
              reply(connection, { kind: EnvelopeKind.failed, requestId, body: reason });
            },
          )
          .finally(() => {
            const left = (inFlight.get(connection.id) ?? 1) - 1;
            if (left === 0) inFlight.delete(connection.id);
            else inFlight.set(connection.id, left);
          });
      },
    });
    return new ClientServer(server);
  }

  get port(): number {
    return this.server.port;
  }

  /** Bytes held in partial request frames (bounded: see FrameServer). */
  get bufferedBytes(): number {
    return this.server.bufferedBytes;
  }

  rejections(): FrameServerRejections {
    return this.server.rejections();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
