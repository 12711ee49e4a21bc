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

/** A session as the table keeps it: the record and when it was last used. */
interface StoredSession extends SessionRecord {
  usedAt: number;
}

/**
 * Least recently used order without reordering the map: each use appends (client, use number)
 * to a queue, and eviction takes from its front, skipping entries a later use has made stale.
 * (Moving a client to the end of an insertion-ordered Map meant a delete and a set on every
 * write applied, on every replica — a few % of a simulation; a delete leaves a hole the Map
 * must later rehash.) The queue is rebuilt from the live sessions when stale entries make up
 * most of it, so it stays within a small multiple of the table.
 */
export class SessionTable {
  private readonly records = new Map<string, StoredSession>();
  /** Clients in the order of their uses, oldest first from `head`; some entries stale. */
  private useOrder: string[] = [];
  /** The use number of each entry of `useOrder`. */
  private useNumbers: number[] = [];
  private head = 0;
  private uses = 0;

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

  /** Records (or refreshes) a session as the most recently used and evicts past the bound. */
  remember(clientId: string, record: SessionRecord): void {
    const usedAt = ++this.uses;
    const stored = this.records.get(clientId);
    if (stored === undefined) {
      this.records.set(clientId, { sequence: record.sequence, outcome: record.outcome, usedAt });
    } else {
      stored.sequence = record.sequence;
      stored.outcome = record.outcome;
      stored.usedAt = usedAt;
    }
    this.useOrder.push(clientId);
    this.useNumbers.push(usedAt);
    if (this.records.size > this.sessionsMax) this.evictOldest();
    if (this.useOrder.length - this.head > 2 * this.records.size + 1024) this.rebuildOrder();
  }

  /** Least recently used first, so `restore` of this list rebuilds the same eviction order. */
  entries(): Array<[string, SessionRecord]> {
    return [...this.records.entries()]
      .sort(([, left], [, right]) => left.usedAt - right.usedAt)
      .map(([clientId, { sequence, outcome }]) => [clientId, { sequence, outcome }]);
  }

  clear(): void {
    this.records.clear();
    this.useOrder = [];
    this.useNumbers = [];
    this.head = 0;
  }

  private evictOldest(): void {
    while (this.head < this.useOrder.length) {
      const clientId = this.useOrder[this.head] as string;
      const usedAt = this.useNumbers[this.head] as number;
      this.head++;
      if (this.records.get(clientId)?.usedAt === usedAt) {
        this.records.delete(clientId);
        return;
      }
    }
  }

  /** Keeps only each live session's latest use, in use order. */
  private rebuildOrder(): void {
    const live = [...this.records.entries()].sort(
      ([, left], [, right]) => left.usedAt - right.usedAt,
    );
    this.useOrder = live.map(([clientId]) => clientId);
    this.useNumbers = live.map(([, record]) => record.usedAt);
    this.head = 0;
  }
}
