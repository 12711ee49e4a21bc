import { RaftInputError } from "./errors.js";
import { messageTypes } from "./message-types.js";
import type { NodeState } from "./node-state.js";
import type { AppendRequest, AppendResponse, HeartbeatRequest, Message } from "./types.js";

/** What is wrong with a message, or null when nothing is. */
type Problem = string | null;

/**
 * Refuses, before anything changes, a message this node must not act on: from a node outside
 * the configuration (or from itself), addressed to another node, or of a shape no correct peer
 * sends (wrong field types, negative or fractional numbers, entries out of order, a log term
 * above the message term...). The host gets a RaftInputError naming the message and the problem.
 */
export function validateMessage(state: NodeState, message: Message): void {
  const problem = messageProblem(state, message);
  if (problem !== null) {
    throw new RaftInputError(state.id, `refused message ${describe(message)}: ${problem}`);
  }
}

function messageProblem(state: NodeState, message: Message): Problem {
  if (typeof message !== "object" || message === null) return "not an object";
  if (!messageTypes.includes(message.type)) {
    return `unknown type ${String((message as { type: unknown }).type)}`;
  }
  return envelopeProblem(state, message) ?? fieldsProblem(message);
}

function envelopeProblem(state: NodeState, message: Message): Problem {
  const { from, to, term } = message as { from: unknown; to: unknown; term: unknown };
  if (typeof from !== "string" || !state.config.peers.includes(from)) {
    return `sender ${String(from)} is not a member of the cluster`;
  }
  if (from === state.id) return "sender is this node itself";
  if (to !== state.id) return `addressed to ${String(to)}, not to this node`;
  if (!isIndex(term) || term < 1) return `term ${String(term)} is not a positive integer`;
  return null;
}

/** The fields of each message type, once the envelope is known to be sound. */
function fieldsProblem(message: Message): Problem {
  switch (message.type) {
    case "vote":
      return logPositionProblem(
        message.lastLogIndex,
        message.lastLogTerm,
        message.term,
        "last log",
      );
    case "vote-response":
      return typeof message.granted === "boolean" ? null : "granted is not a boolean";
    case "append":
      return appendProblem(message);
    case "append-response":
      return appendResponseProblem(message);
    case "heartbeat":
      return heartbeatProblem(message);
    case "heartbeat-response":
      return contextProblem(message.context);
  }
}

function heartbeatProblem(message: HeartbeatRequest): Problem {
  if (!isIndex(message.commit)) return "commit is not a non-negative integer";
  return contextProblem(message.context);
}

function contextProblem(context: unknown): Problem {
  return typeof context === "string" ? null : "context is not a string";
}

/** An (index, term) pair naming a log position: (0, 0) for an empty log, else both positive. */
function logPositionProblem(
  index: unknown,
  term: unknown,
  messageTerm: number,
  what: string,
): Problem {
  if (!isIndex(index) || !isIndex(term))
    return `${what} index and term must be non-negative integers`;
  if ((index === 0) !== (term === 0)) {
    return `${what} index ${index} and term ${term} disagree about an empty log`;
  }
  if (term > messageTerm) return `${what} term ${term} is above the message term`;
  return null;
}

function appendProblem(message: AppendRequest): Problem {
  const position = logPositionProblem(
    message.prevLogIndex,
    message.prevLogTerm,
    message.term,
    "previous log",
  );
  if (position !== null) return position;
  if (!isIndex(message.commit)) return "commit is not a non-negative integer";
  if (!Array.isArray(message.entries)) return "entries is not an array";
  let previousTerm = message.prevLogTerm;
  for (let position = 0; position < message.entries.length; position++) {
    const entry = message.entries[position];
    const expectedIndex = message.prevLogIndex + position + 1;
    if (typeof entry !== "object" || entry === null) return `entry ${position} is not an object`;
    if (entry.index !== expectedIndex) {
      return `entry ${position} has index ${entry.index}, expected ${expectedIndex}`;
    }
    const lowest = Math.max(previousTerm, 1);
    if (!isIndex(entry.term) || entry.term < lowest || entry.term > message.term) {
      return `entry ${entry.index} has term ${entry.term}, outside [${lowest}, ${message.term}]`;
    }
    if (!(entry.data instanceof Uint8Array)) return `entry ${entry.index} data is not bytes`;
    previousTerm = entry.term;
  }
  return null;
}

function appendResponseProblem(message: AppendResponse): Problem {
  if (typeof message.success !== "boolean") return "success is not a boolean";
  if (!isIndex(message.matchIndex)) return "matchIndex is not a non-negative integer";
  if (!isIndex(message.conflictIndex)) return "conflictIndex is not a non-negative integer";
  if (!isIndex(message.conflictTerm)) return "conflictTerm is not a non-negative integer";
  if (!isIndex(message.rejectedIndex)) return "rejectedIndex is not a non-negative integer";
  if (message.conflictTerm > message.term) {
    return `conflictTerm ${message.conflictTerm} is above the message term`;
  }
  if (message.success) {
    const hints =
      message.conflictIndex !== 0 || message.conflictTerm !== 0 || message.rejectedIndex !== 0;
    return hints ? "a success carries rejection hints" : null;
  }
  if (message.matchIndex !== 0) return "a rejection carries a match index";
  if (message.conflictIndex > message.rejectedIndex) {
    return `conflictIndex ${message.conflictIndex} is beyond the rejected index ${message.rejectedIndex}`;
  }
  return null;
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function describe(message: unknown): string {
  if (typeof message !== "object" || message === null) return String(message);
  const { type, from, to, term } = message as Record<string, unknown>;
  return `${String(type)} from ${String(from)} to ${String(to)} (term ${String(term)})`;
}
