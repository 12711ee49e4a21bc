/**
 * The node event stream (`events.jsonl`, DESIGN.md "Events"): one object per line. The
 * invariant checks read only this stream. Times are nanoseconds since the run started.
 */

interface EventBase {
  timeNs: number;
  node: string;
}

export type NodeEvent =
  | (EventBase & {
      type: "role";
      role: "follower" | "pre-candidate" | "candidate" | "leader";
      term: number;
    })
  | (EventBase & { type: "append"; index: number; term: number; entryHash: string })
  | (EventBase & { type: "truncate"; fromIndex: number })
  | (EventBase & { type: "commit"; index: number })
  | (EventBase & { type: "apply"; index: number; term: number; entryHash: string })
  | (EventBase & {
      type: "persist";
      hardState: { term: number; vote: string | null; commit: number };
      lastIndex: number;
      synced: boolean;
    })
  | (EventBase & { type: "crash"; loseUnsynced: boolean; tornWrite: boolean })
  | (EventBase & { type: "restart"; wiped: boolean })
  | (EventBase & { type: "pause" })
  | (EventBase & { type: "resume" });

export type NodeEventType = NodeEvent["type"];
