import { decodeCommand, type KvCommand, type KvWriteRequest } from "./command.js";
import { KvApplyOrderError } from "./errors.js";
import type { ClientOutcome } from "./requests.js";
import { SESSIONS_MAX_DEFAULT, SessionTable } from "./sessions.js";
import { type KvSnapshot, parseSnapshot } from "./snapshot.js";

/**
 * What applying one command entry did, so the host can answer the client waiting for it.
 * - `applied`: the write took effect at `index`; `outcome` is its answer.
 * - `duplicate`: the same (clientId, sequence) was applied before: no effect, and `outcome` is the
 *   answer remembered from the first time (a retry gets the same answer).
 * - `stale`: a sequence below the session's last applied one: no effect; its own answer is no
 *   longer known, so `outcome` is `unknown` (it may have applied at an earlier index, or never).
 */
export interface KvApplyResult {
  index: number;
  clientId: string;
  sequence: number;
  status: "applied" | "duplicate" | "stale";
  outcome: ClientOutcome;
}

/**
 * The answer to every applied put and append, shared: each replica's session table keeps the last
 * answer of every client, and one object per write per replica was a large share of what a long
 * simulation kept alive. Outcomes are never mutated.
 */
const acknowledged: ClientOutcome = { type: "ok", value: null };

export interface KvStateMachineOptions {
  /** Bound on remembered client sessions (least recently applied evicted first). */
  sessionsMax?: number;
}

/**
 * The replicated key-value state machine. Every replica applies the same committed entries in
 * the same order and so reaches the same state; nothing here reads a clock or a random source.
 *
 * Answers: get → the value or null; put and append → `ok` with value null (an acknowledgement;
 * the history records the written value from the invocation); cas → `ok` with `applied` true when
 * the current value equalled `from` (`from: null` = absent) and `to` was stored, false when it was
 * refused, and `value` the key's value after the evaluation (so `to` when applied, the differing
 * current value when refused).
 */
export class KvStateMachine {
  private readonly data = new Map<string, string>();
  private readonly sessions: SessionTable;
  private lastApplied = 0;

  constructor(options: KvStateMachineOptions = {}) {
    this.sessions = new SessionTable(options.sessionsMax ?? SESSIONS_MAX_DEFAULT);
  }

  /** The index of the last entry applied (0 before any). */
  get appliedIndex(): number {
    return this.lastApplied;
  }

  /** Number of keys holding a value. */
  get keyCount(): number {
    return this.data.size;
  }

  /** Number of remembered client sessions. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Applies the committed entry at `index`. Returns null for a no-op entry (empty payload).
   * Throws `KvApplyOrderError` unless `index` is exactly `appliedIndex + 1`, and `KvCodecError`
   * when a committed payload is not a command — both are broken invariants of the host, and the
   * state is left untouched.
   */
  apply(index: number, entryData: Uint8Array): KvApplyResult | null {
    if (index !== this.lastApplied + 1) throw new KvApplyOrderError(index, this.lastApplied + 1);
    if (entryData.length === 0) {
      this.lastApplied = index;
      return null;
    }
    const command = decodeCommand(entryData);
    this.lastApplied = index;
    return this.applyCommand(index, command);
  }

  /** The value of `key`, or null when absent. A linearizable get reads this after ReadIndex. */
  read(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  /** The whole state as a plain JSON-able object (keys and sessions in their internal order). */
  snapshot(): KvSnapshot {
    return {
      formatVersion: 1,
      appliedIndex: this.lastApplied,
      data: [...this.data.entries()],
      sessions: this.sessions.entries().map(([clientId, record]) => ({
        clientId,
        sequence: record.sequence,
        outcome: record.outcome,
      })),
    };
  }

  /** Replaces the whole state with a snapshot's. Throws `KvSnapshotError` on a malformed one. */
  restore(snapshot: unknown): void {
    const parsed = parseSnapshot(snapshot);
    this.data.clear();
    for (const [key, value] of parsed.data) this.data.set(key, value);
    this.sessions.clear();
    for (const session of parsed.sessions) {
      this.sessions.remember(session.clientId, {
        sequence: session.sequence,
        outcome: session.outcome,
      });
    }
    this.lastApplied = parsed.appliedIndex;
  }

  private applyCommand(index: number, command: KvCommand): KvApplyResult {
    const { clientId, sequence } = command;
    const session = this.sessions.get(clientId);
    if (session !== undefined && sequence === session.sequence) {
      this.sessions.remember(clientId, session);
      return { index, clientId, sequence, status: "duplicate", outcome: session.outcome };
    }
    if (session !== undefined && sequence < session.sequence) {
      this.sessions.remember(clientId, session);
      const reason = `stale-sequence: ${sequence} is below the session's last applied ${session.sequence}`;
      return { index, clientId, sequence, status: "stale", outcome: { type: "unknown", reason } };
    }
    const outcome = this.write(command.request);
    this.sessions.remember(clientId, { sequence, outcome });
    return { index, clientId, sequence, status: "applied", outcome };
  }

  private write(request: KvWriteRequest): ClientOutcome {
    switch (request.f) {
      case "put":
        this.data.set(request.key, request.value);
        return acknowledged;
      case "append":
        this.data.set(request.key, (this.data.get(request.key) ?? "") + request.value);
        return acknowledged;
      case "cas": {
        const current = this.read(request.key);
        if (current !== request.from) return { type: "ok", value: current, applied: false };
        this.data.set(request.key, request.to);
        return { type: "ok", value: request.to, applied: true };
      }
    }
  }
}
