import type { NodeEvent } from "../../history/events.js";

/**
 * Each node's life as segments of one displayed state (role, or down, or paused) and term,
 * from the `role`, `crash`, `restart`, `pause` and `resume` events. A node is not drawn before
 * its first event: what it did then is not known.
 */

export type NodeState = "follower" | "pre-candidate" | "candidate" | "leader" | "down" | "paused";

/** One segment: from `startMs` until the next segment's start (or the end of the run). */
export interface TimelineSegment {
  startMs: number;
  state: NodeState;
  term: number;
}

export interface NodeTimeline {
  node: string;
  segments: TimelineSegment[];
  /** True when the segment limit was reached and later changes were not recorded. */
  truncated: boolean;
}

/** Per node; a long churn (clock skew, figure-8) stays bounded in the page. */
export const SEGMENTS_PER_NODE_MAX = 20_000;

interface NodeCursor {
  timeline: NodeTimeline;
  role: "follower" | "pre-candidate" | "candidate" | "leader";
  term: number;
  up: boolean;
  paused: boolean;
}

export function nodeTimelines(
  events: readonly NodeEvent[],
  nodes: readonly string[],
): NodeTimeline[] {
  const cursors = new Map<string, NodeCursor>();
  const cursorOf = (node: string): NodeCursor => {
    let cursor = cursors.get(node);
    if (cursor === undefined) {
      const timeline: NodeTimeline = { node, segments: [], truncated: false };
      cursor = { timeline, role: "follower", term: 0, up: true, paused: false };
      cursors.set(node, cursor);
    }
    return cursor;
  };
  for (const node of nodes) cursorOf(node);
  for (const event of events) {
    const cursor = cursorOf(event.node);
    if (!applyEvent(cursor, event)) continue;
    pushSegment(cursor, event.timeNs / 1e6);
  }
  return [...cursors.values()]
    .map((cursor) => cursor.timeline)
    .sort((left, right) => compareNodeNames(left.node, right.node));
}

/** Updates the cursor; false when the event does not change what is drawn. */
function applyEvent(cursor: NodeCursor, event: NodeEvent): boolean {
  switch (event.type) {
    case "role":
      cursor.role = event.role;
      cursor.term = event.term;
      cursor.up = true;
      return true;
    case "crash":
      cursor.up = false;
      cursor.paused = false;
      return true;
    case "restart":
      // A restarted node comes back as a follower of the term it had persisted (or 0 if wiped);
      // its own role event, if any, follows.
      cursor.up = true;
      cursor.role = "follower";
      if (event.wiped) cursor.term = 0;
      return true;
    case "pause":
      cursor.paused = true;
      return true;
    case "resume":
      cursor.paused = false;
      return true;
    default:
      return false;
  }
}

function pushSegment(cursor: NodeCursor, timeMs: number): void {
  const state: NodeState = !cursor.up ? "down" : cursor.paused ? "paused" : cursor.role;
  const segments = cursor.timeline.segments;
  const last = segments[segments.length - 1];
  if (last !== undefined && last.state === state && last.term === cursor.term) return;
  if (last !== undefined && last.startMs === timeMs) {
    // Several changes at one instant: only the last one is visible.
    segments.pop();
    const previous = segments[segments.length - 1];
    if (previous !== undefined && previous.state === state && previous.term === cursor.term) return;
  }
  if (segments.length >= SEGMENTS_PER_NODE_MAX) {
    cursor.timeline.truncated = true;
    return;
  }
  segments.push({ startMs: timeMs, state, term: cursor.term });
}

/** n2 before n10: names compared with their digit runs as numbers. */
export function compareNodeNames(left: string, right: string): number {
  return left.localeCompare(right, "en", { numeric: true });
}
