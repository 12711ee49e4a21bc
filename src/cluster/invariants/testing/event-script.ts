import type { NodeEvent } from "../../../history/events.js";

/** The hash the scripts give entry (index, term) unless a test names another. */
export function hashOf(index: number, term: number): string {
  return `e${index}t${term}`;
}

/**
 * Hand-written event sequences for the invariant tests: each call adds one event, 1 µs after
 * the previous one.
 */
export class EventScript {
  readonly events: NodeEvent[] = [];
  private timeNs = 0;

  role(node: string, role: "follower" | "candidate" | "leader", term: number): this {
    return this.add({ node, type: "role", role, term });
  }

  append(node: string, index: number, term: number, entryHash = hashOf(index, term)): this {
    return this.add({ node, type: "append", index, term, entryHash });
  }

  truncate(node: string, fromIndex: number): this {
    return this.add({ node, type: "truncate", fromIndex });
  }

  commit(node: string, index: number): this {
    return this.add({ node, type: "commit", index });
  }

  apply(node: string, index: number, term: number, entryHash = hashOf(index, term)): this {
    return this.add({ node, type: "apply", index, term, entryHash });
  }

  persist(
    node: string,
    options: { term: number; commit: number; lastIndex: number; synced: boolean },
  ): this {
    const hardState = { term: options.term, vote: null, commit: options.commit };
    return this.add({
      node,
      type: "persist",
      hardState,
      lastIndex: options.lastIndex,
      synced: options.synced,
    });
  }

  crash(node: string, options: { loseUnsynced?: boolean } = {}): this {
    return this.add({
      node,
      type: "crash",
      loseUnsynced: options.loseUnsynced ?? false,
      tornWrite: false,
    });
  }

  restart(node: string, options: { wiped?: boolean } = {}): this {
    return this.add({ node, type: "restart", wiped: options.wiped ?? false });
  }

  pause(node: string): this {
    return this.add({ node, type: "pause" });
  }

  /** Appends entries with terms `terms[k]` at indexes `from + k`. */
  appendAll(node: string, from: number, terms: number[]): this {
    for (const [offset, term] of terms.entries()) this.append(node, from + offset, term);
    return this;
  }

  /** Applies entries with terms `terms[k]` at indexes `from + k`. */
  applyAll(node: string, from: number, terms: number[]): this {
    for (const [offset, term] of terms.entries()) this.apply(node, from + offset, term);
    return this;
  }

  private add(event: DistributiveOmit<NodeEvent, "timeNs">): this {
    this.timeNs += 1000;
    this.events.push({ ...event, timeNs: this.timeNs } as NodeEvent);
    return this;
  }
}

type DistributiveOmit<Type, Key extends PropertyKey> = Type extends unknown
  ? Omit<Type, Key>
  : never;
