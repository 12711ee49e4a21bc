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

export function emptyCountsByType(): Record<MessageType, number> {
  return {
    vote: 0,
    "vote-response": 0,
    append: 0,
    "append-response": 0,
    heartbeat: 0,
    "heartbeat-response": 0,
  };
}
