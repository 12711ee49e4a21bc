import type { ClientOutcome } from "./requests.js";

/** What a session remembers: the last sequence applied for the client and what it answered. */
export interface SessionRecord {
  sequence: number;
  outcome: ClientOutcome;
}

/**
 * The default bound on remembered sessions. Eviction is least recently used, where "used" means
 * "a command of this client was applied": it depends only on the applied log, so every replica
 * evicts the same sessions at the same index and snapshots stay identical. Losing a session is
 * only harmful if that client later retries a write it sent before 100,000 other clients wrote;
 * our runs have at most a few thousand clients, so a live client is never evicted.
 */
export const SESSIONS_MAX_DEFAULT = 100_000;

export class SessionTable {
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  private readonly records = new Map<string, SessionRecord>();

  constructor(readonly sessionsMax: number = SESSIONS_MAX_DEFAULT) {
    if (!Number.isSafeInteger(sessionsMax) || sessionsMax < 1) {
      throw new RangeError(`sessionsMax must be a positive integer, got ${sessionsMax}`);
    }
  }

  get size(): number {
    return this.records.size;
  }

  get(clientId: string): SessionRecord | undefined {
    return this.records.get(clientId);
  }

  /**
   * Records (or refreshes) a session as the most recently used and evicts past the bound.
   * `known` says whether the client has a session now (the caller has just looked it up): a new
   * client goes to the end by `set` alone, without a delete of a missing key (every write
   * applies this on every replica).
   */
  remember(clientId: string, record: SessionRecord, known = true): void {
    if (known) this.records.delete(clientId);
    this.records.set(clientId, record);
    if (this.records.size > this.sessionsMax) {
      const oldest = this.records.keys().next();
      if (!oldest.done) this.records.delete(oldest.value);
    }
  }

  /** Least recently used first, so `restore` of this list rebuilds the same eviction order. */
  entries(): Array<[string, SessionRecord]> {
    return [...this.records.entries()];
  }

  clear(): void {
    this.records.clear();
  }
}
