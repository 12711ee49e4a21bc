import { RaftInputError } from "./errors.js";
import type { NodeState } from "./node-state.js";
import type { Entry, Message } from "./types.js";

const messageTypes: ReadonlySet<string> = new Set([
  "vote",
  "vote-response",
  "append",
  "append-response",
  "heartbeat",
  "heartbeat-response",
]);

type Fail = (problem: string) => never;

/**
 * Refuses, before anything changes, a message this node must not act on: from a node outside
 * the configuration (or from itself), addressed to another node, or of a shape no correct peer
 * sends (wrong field types, negative or fractional numbers, entries out of order, a log term
 * above the message term...). The host gets a RaftInputError naming the message and the problem.
 */
export function validateMessage(state: NodeState, message: Message): void {
  const fail: Fail = (problem) => {
    throw new RaftInputError(state.id, `refused message ${describe(message)}: ${problem}`);
  };
  if (typeof message !== "object" || message === null) fail("not an object");
  if (!messageTypes.has(message.type)) fail(`unknown type ${String(message.type)}`);
  if (typeof message.from !== "string" || !state.config.peers.includes(message.from)) {
    fail(`sender ${String(message.from)} is not a member of the cluster`);
  }
  if (message.from === state.id) fail("sender is this node itself");
  if (message.to !== state.id) fail(`addressed to ${String(message.to)}, not to this node`);
  if (!isIndex(message.term) || message.term < 1)
    fail(`term ${String(message.term)} is not a positive integer`);
  validateFields(message, fail);
}

function validateFields(message: Message, fail: Fail): void {
  switch (message.type) {
    case "vote":
      requireLogPosition(fail, message.lastLogIndex, message.lastLogTerm, message.term, "last log");
      return;
    case "vote-response":
      if (typeof message.granted !== "boolean") fail("granted is not a boolean");
      return;
    case "append":
      validateAppend(message, fail);
      return;
    case "append-response":
      validateAppendResponse(message, fail);
      return;
    case "heartbeat":
      if (!isIndex(message.commit)) fail("commit is not a non-negative integer");
      if (typeof message.context !== "string") fail("context is not a string");
      return;
    case "heartbeat-response":
      if (typeof message.context !== "string") fail("context is not a string");
      return;
  }
}

/** An (index, term) pair naming a log position: (0, 0) for an empty log, else both positive. */
function requireLogPosition(
  fail: Fail,
  index: unknown,
  term: unknown,
  messageTerm: number,
  what: string,
) {
  if (!isIndex(index) || !isIndex(term))
    fail(`${what} index and term must be non-negative integers`);
  if ((index === 0) !== (term === 0))
    fail(`${what} index ${index} and term ${term} disagree about an empty log`);
  if ((term as number) > messageTerm) fail(`${what} term ${term} is above the message term`);
}

function validateAppend(message: Message & { type: "append" }, fail: Fail): void {
  requireLogPosition(fail, message.prevLogIndex, message.prevLogTerm, message.term, "previous log");
  if (!isIndex(message.commit)) fail("commit is not a non-negative integer");
  if (!Array.isArray(message.entries)) fail("entries is not an array");
  let previousTerm = message.prevLogTerm;
  message.entries.forEach((entry: Entry, position) => {
    const expectedIndex = message.prevLogIndex + position + 1;
    if (typeof entry !== "object" || entry === null) fail(`entry ${position} is not an object`);
    if (entry.index !== expectedIndex)
      fail(`entry ${position} has index ${entry.index}, expected ${expectedIndex}`);
    if (
      !isIndex(entry.term) ||
      entry.term < Math.max(previousTerm, 1) ||
      entry.term > message.term
    ) {
      fail(
        `entry ${entry.index} has term ${entry.term}, outside [${Math.max(previousTerm, 1)}, ${message.term}]`,
      );
    }
    if (!(entry.data instanceof Uint8Array)) fail(`entry ${entry.index} data is not bytes`);
    previousTerm = entry.term;
  });
}

function validateAppendResponse(message: Message & { type: "append-response" }, fail: Fail): void {
  if (typeof message.success !== "boolean") fail("success is not a boolean");
  for (const field of ["matchIndex", "conflictIndex", "conflictTerm", "rejectedIndex"] as const) {
    if (!isIndex(message[field])) fail(`${field} is not a non-negative integer`);
  }
  if (message.conflictTerm > message.term)
    fail(`conflictTerm ${message.conflictTerm} is above the message term`);
  if (
    message.success &&
    (message.conflictIndex !== 0 || message.conflictTerm !== 0 || message.rejectedIndex !== 0)
  ) {
    fail("a success carries rejection hints");
  }
  if (!message.success && message.matchIndex !== 0) fail("a rejection carries a match index");
  if (!message.success && message.conflictIndex > message.rejectedIndex) {
    fail(
      `conflictIndex ${message.conflictIndex} is beyond the rejected index ${message.rejectedIndex}`,
    );
  }
}

function isIndex(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function describe(message: unknown): string {
  if (typeof message !== "object" || message === null) return String(message);
  const { type, from, to, term } = message as Record<string, unknown>;
  return `${String(type)} from ${String(from)} to ${String(to)} (term ${String(term)})`;
}
