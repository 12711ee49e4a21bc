import { readFileSync } from "node:fs";
import type { NodeEvent, NodeEventType } from "../history/events.js";
import { excerpt, HistoryFormatError } from "../history/format-error.js";

const eventTypes: readonly NodeEventType[] = [
  "role",
  "append",
  "truncate",
  "commit",
  "apply",
  "persist",
  "crash",
  "restart",
  "pause",
  "resume",
];

export interface ReadEvents {
  events: NodeEvent[];
  /** What was forgiven: a missing file, a half-written last line. */
  warnings: string[];
}

/**
 * Reads `events.jsonl` (DESIGN.md, "Events") for `raftctl analyze`. As with the history, a file
 * cut short by a killed run stays readable: a half-written last line is dropped with a warning.
 * The common fields are checked here; the invariant checker rejects a malformed event of its
 * own kind (an impossible index) when it meets it.
 */
export function readEventsFile(path: string, file: string): ReadEvents {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return {
      events: [],
      warnings: [`${file}: missing; the invariants are checked over no events`],
    };
  }
  return readEventsText(text, file);
}

export function readEventsText(text: string, file: string): ReadEvents {
  const lines = text.split("\n");
  const cutShort = text.length > 0 && !text.endsWith("\n");
  const events: NodeEvent[] = [];
  const warnings: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === "") continue;
    const event = parseEvent(line);
    if (event !== null) {
      events.push(event);
      continue;
    }
    if (index === lines.length - 1 && cutShort) {
      warnings.push(
        `${file}:${index + 1}: dropped a half-written last line (the run was cut short)`,
      );
      break;
    }
    throw new HistoryFormatError(
      { file, line: index + 1 },
      'one event object {"timeNs":...,"node":...,"type":...}',
      excerpt(line),
    );
  }
  return { events, warnings };
}

function parseEvent(line: string): NodeEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const event = value as Partial<NodeEvent>;
  if (!Number.isFinite(event.timeNs) || typeof event.node !== "string") return null;
  if (!eventTypes.includes(event.type as NodeEventType)) return null;
  return event as NodeEvent;
}
