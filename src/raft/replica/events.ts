import type { Role } from "../core/types.js";

/**
 * The node events a replica emits (DESIGN.md, "Events"), without `timeNs` and `node`: the host
 * stamps those (the simulator with virtual time, process mode in the harness). Structurally the
 * same as `NodeEvent` in src/history, which raft may not import.
 *
 * Order within one Ready, as the invariant checker expects: `role`, then `truncate` and `append`
 * for the entries written, `persist` once the write completed (after the sync when one was
 * required), then `commit`, then `apply` for each entry applied.
 */
export type ReplicaEvent =
  | { type: "role"; role: Role; term: number }
  | { type: "append"; index: number; term: number; entryHash: string }
  | { type: "truncate"; fromIndex: number }
  | { type: "commit"; index: number }
  | { type: "apply"; index: number; term: number; entryHash: string }
  | {
      type: "persist";
      hardState: { term: number; vote: string | null; commit: number };
      lastIndex: number;
      synced: boolean;
    };

export type ReplicaEventSink = (event: ReplicaEvent) => void;
