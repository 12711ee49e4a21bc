import { messageTypes } from "../../raft/core/message-types.js";
import type { MessageType } from "../../raft/core/types.js";
import type { NetworkStats } from "./network.js";

/** Counters of a simulated run, for tests (the lab's RPC counts) and benchmarks. */
export interface SimStats {
  timeNs: number;
  /** Scheduler events run. */
  eventsRun: number;
  network: NetworkStats;
  messagesSentByType: Record<MessageType, number>;
  bytesSentByType: Record<MessageType, number>;
  /** Peer messages a node refused (undecodable, unknown sender, impossible shape). */
  rejectedMessages: number;
  /** Messages and client frames that reached a node that was down, or a full paused inbox. */
  droppedInputs: number;
  clientCalls: number;
  clientOutcomes: { ok: number; fail: number; unknown: number };
}

/**
 * Messages and bytes sent, by type. Counted into arrays by a switch on the type: indexing an
 * object by the type string (a different key on every message) went through V8's slowest
 * property lookup, four times per message.
 */
export class SentCounts {
  private readonly messages = new Float64Array(messageTypes.length);
  private readonly bytes = new Float64Array(messageTypes.length);

  count(type: MessageType, bytes: number): void {
    const position = typePosition(type);
    this.messages[position]! += 1;
    this.bytes[position]! += bytes;
  }

  messagesByType(): Record<MessageType, number> {
    return byType(this.messages);
  }

  bytesByType(): Record<MessageType, number> {
    return byType(this.bytes);
  }
}

function byType(values: Float64Array): Record<MessageType, number> {
  const result = emptyCountsByType();
  messageTypes.forEach((type, position) => {
    result[type] = values[position] as number;
  });
  return result;
}

/** The type's position in `messageTypes` (a switch: cheaper than a lookup on every message). */
function typePosition(type: MessageType): number {
  switch (type) {
    case "vote":
      return 0;
    case "vote-response":
      return 1;
    case "append":
      return 2;
    case "append-response":
      return 3;
    case "heartbeat":
      return 4;
    case "heartbeat-response":
      return 5;
  }
}

export function emptyCountsByType(): Record<MessageType, number> {
  return Object.fromEntries(messageTypes.map((type) => [type, 0])) as Record<MessageType, number>;
}
