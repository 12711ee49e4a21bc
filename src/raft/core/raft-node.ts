import type { RaftConfig } from "./config.js";
import type { ProposeResult, RaftStatus, ReadIndexResult } from "./results.js";
import type { Message, Ready } from "./types.js";

/**
 * One Raft node as a pure state machine (etcd-io/raft's RawNode): ticks, messages, proposals and
 * reads go in; a Ready comes out. No I/O, no clock, no randomness beyond `config.random`.
 */
export class RaftNode {
  constructor(config: RaftConfig) {
    void config;
    throw new Error("RaftNode: not implemented yet");
  }

  /** Advances logical time by one tick (election timeout, heartbeats). */
  tick(): void {}

  /**
   * Takes one message from a peer. Throws RaftInputError — leaving the node untouched — for a
   * message from an unknown node, addressed to another node, or of an impossible shape.
   */
  step(message: Message): void {
    void message;
  }

  /** Appends `data` on a leader; elsewhere refuses with a hint. Empty data is refused (it is a no-op). */
  propose(data: Uint8Array): ProposeResult {
    void data;
    return { ok: false, reason: "not-leader", leaderHint: null };
  }

  /** Starts a linearizable read; the ReadState with `context` follows in a later Ready. */
  readIndex(context: string): ReadIndexResult {
    void context;
    return { ok: false, reason: "not-leader", leaderHint: null };
  }

  /** Starts an election now (no-op on a leader). */
  campaign(): void {}

  /** Whether `ready()` has something to hand out (false while a Ready awaits `advance`). */
  hasReady(): boolean {
    return false;
  }

  /** The next Ready; see the Ready contract in types.ts. */
  ready(): Ready {
    throw new Error("RaftNode: not implemented yet");
  }

  /** Acknowledges that the host has done everything the Ready asked (persist, send, apply). */
  advance(ready: Ready): void {
    void ready;
  }

  status(): RaftStatus {
    throw new Error("RaftNode: not implemented yet");
  }
}
