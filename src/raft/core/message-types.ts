import type { MessageType } from "./types.js";

/** Every message type, in a fixed order (the simulator's counters index by it). */
export const messageTypes: readonly MessageType[] = [
  "vote",
  "vote-response",
  "append",
  "append-response",
  "heartbeat",
  "heartbeat-response",
];
