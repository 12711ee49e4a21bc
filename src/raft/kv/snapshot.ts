import { KvSnapshotError } from "./errors.js";
import type { ClientOutcome } from "./requests.js";

/** The whole state of a `KvStateMachine`, plain JSON: what a Raft snapshot will carry. */
export interface KvSnapshot {
  formatVersion: 1;
  appliedIndex: number;
  /** [key, value] pairs. */
  data: Array<[string, string]>;
  /** Least recently used first, so restoring keeps the eviction order. */
  sessions: Array<{ clientId: string; sequence: number; outcome: ClientOutcome }>;
}

/** Checks that `value` has the shape of a `KvSnapshot` (as read back from JSON) and returns it. */
export function parseSnapshot(value: unknown): KvSnapshot {
  const snapshot = record(value, "snapshot");
  if (snapshot.formatVersion !== 1)
    fail(`formatVersion ${String(snapshot.formatVersion)} is not 1`);
  const appliedIndex = snapshot.appliedIndex;
  if (!isCount(appliedIndex)) fail("appliedIndex must be an integer >= 0");
  if (!Array.isArray(snapshot.data)) fail("data must be an array of [key, value] pairs");
  if (!Array.isArray(snapshot.sessions)) fail("sessions must be an array");
  const data = snapshot.data.map((pair, position) => parsePair(pair, position));
  const sessions = snapshot.sessions.map((session, position) => parseSession(session, position));
  return { formatVersion: 1, appliedIndex, data, sessions };
}

function parsePair(pair: unknown, position: number): [string, string] {
  if (!Array.isArray(pair) || pair.length !== 2)
    fail(`data[${position}] is not a [key, value] pair`);
  const [key, value] = pair as unknown[];
  if (typeof key !== "string" || typeof value !== "string") {
    fail(`data[${position}] must hold two strings`);
  }
  return [key, value];
}

function parseSession(value: unknown, position: number): KvSnapshot["sessions"][number] {
  const session = record(value, `sessions[${position}]`);
  if (typeof session.clientId !== "string" || session.clientId === "") {
    fail(`sessions[${position}].clientId must be a non-empty string`);
  }
  if (!isCount(session.sequence)) fail(`sessions[${position}].sequence must be an integer >= 0`);
  const outcome = parseOutcome(session.outcome, `sessions[${position}].outcome`);
  return { clientId: session.clientId, sequence: session.sequence, outcome };
}

/** Validates a `ClientOutcome`; shared with the protocol's tests of what a session remembers. */
export function parseOutcome(value: unknown, where: string): ClientOutcome {
  const outcome = record(value, where);
  if (outcome.type === "ok") {
    if (outcome.value !== null && typeof outcome.value !== "string")
      fail(`${where}.value must be a string or null`);
    if (outcome.applied !== undefined && typeof outcome.applied !== "boolean") {
      fail(`${where}.applied must be a boolean`);
    }
    return outcome.applied === undefined
      ? { type: "ok", value: outcome.value }
      : { type: "ok", value: outcome.value, applied: outcome.applied };
  }
  if (outcome.type === "fail" && typeof outcome.reason === "string") {
    if (outcome.hint !== undefined && typeof outcome.hint !== "string")
      fail(`${where}.hint must be a string`);
    return outcome.hint === undefined
      ? { type: "fail", reason: outcome.reason }
      : { type: "fail", reason: outcome.reason, hint: outcome.hint };
  }
  if (outcome.type === "unknown" && typeof outcome.reason === "string") {
    return { type: "unknown", reason: outcome.reason };
  }
  return fail(`${where} is not an ok, fail or unknown outcome`);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`${where} must be an object`);
  }
  return value as Record<string, unknown>;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function fail(problem: string): never {
  throw new KvSnapshotError(problem);
}
