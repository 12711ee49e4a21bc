import type { BackoffOptions } from "./backoff.js";
import { FrameServer, type FrameServerRejections } from "./frame-server.js";
import { silentLog, type TransportLog } from "./log.js";
import type { LoopbackAddress } from "./loopback.js";
import { PeerSender, type PeerSenderStats } from "./peer-sender.js";

export interface NodeTransportOptions {
  nodeId: string;
  /** The port this node receives peer messages on; 0 lets the OS choose (read `port`). */
  listenPort: number;
  /** Where to send each peer's messages: the peer itself, or the harness's proxy for that link. */
  peers: Record<string, LoopbackAddress>;
  /** Each received message, in order per sender. Throwing closes that sender's connection. */
  onMessage(payload: Uint8Array): void;
  frameBytesMax?: number;
  queueFramesMax?: number;
  queueBytesMax?: number;
  backoff?: BackoffOptions;
  log?: TransportLog;
}

/**
 * Node-to-node messaging for one node: an inbound server on 127.0.0.1 and one outbound sender
 * per peer. How directed links map onto TCP: each node dials every peer for its OWN outbound
 * messages and never writes on connections it accepted, so a TCP connection carries exactly one
 * direction (A→B) and the harness can fault A→B and B→A separately by proxying each.
 * Messages are opaque bytes; there is no handshake, since every Raft message names its sender.
 */
export class NodeTransport {
  private constructor(
    private readonly server: FrameServer,
    private readonly senders: Map<string, PeerSender>,
  ) {}

  static async start(options: NodeTransportOptions): Promise<NodeTransport> {
    const log = options.log ?? silentLog;
    const server = await FrameServer.start({
      name: `${options.nodeId} peers`,
      port: options.listenPort,
      frameBytesMax: options.frameBytesMax,
      log,
      onFrame: (payload) => options.onMessage(payload),
    });
    const senders = new Map<string, PeerSender>();
    for (const [peer, address] of Object.entries(options.peers)) {
      if (peer === options.nodeId) throw new Error(`node ${peer} lists itself as a peer`);
      senders.set(
        peer,
        new PeerSender({
          peer,
          address,
          backoff: options.backoff,
          queueFramesMax: options.queueFramesMax,
          queueBytesMax: options.queueBytesMax,
          frameBytesMax: options.frameBytesMax,
          log,
        }),
      );
    }
    return new NodeTransport(server, senders);
  }

  /** The port peer messages are received on. */
  get port(): number {
    return this.server.port;
  }

  /** Bytes held in partial peer frames (bounded: see FrameServer). */
  get bufferedBytes(): number {
    return this.server.bufferedBytes;
  }

  rejections(): FrameServerRejections {
    return this.server.rejections();
  }

  send(peer: string, payload: Uint8Array): void {
    this.senderFor(peer).send(payload);
  }

  setPeerAddress(peer: string, address: LoopbackAddress): void {
    this.senderFor(peer).setAddress(address);
  }

  stats(): Record<string, PeerSenderStats> {
    return Object.fromEntries([...this.senders].map(([peer, sender]) => [peer, sender.stats()]));
  }

  async close(): Promise<void> {
    for (const sender of this.senders.values()) sender.close();
    await this.server.close();
  }

  private senderFor(peer: string): PeerSender {
    const sender = this.senders.get(peer);
    if (sender === undefined) throw new Error(`unknown peer ${peer}`);
    return sender;
  }
}
