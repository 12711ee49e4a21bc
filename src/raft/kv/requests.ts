/**
 * What a client asks of the key-value state machine and how an answer ends. Defined here, in
 * `raft`, because the node hosts of both modes speak it; `src/cluster` re-exports it.
 */

export type KvRequest =
  | { f: "get"; key: string }
  | { f: "put"; key: string; value: string }
  | { f: "append"; key: string; value: string }
  | { f: "cas"; key: string; from: string | null; to: string };

/**
 * How a client call ended: `ok` (it happened; a cas the state machine evaluated and refused is
 * `ok` with `applied: false`), `fail` (certainly not applied: not leader, with a hint, or
 * unavailable), `unknown` (no answer in time: it may or may not have happened).
 */
export type ClientOutcome =
  | { type: "ok"; value: string | null; applied?: boolean }
  | { type: "fail"; reason: string; hint?: string }
  | { type: "unknown"; reason: string };
