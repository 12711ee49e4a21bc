import type { Entry } from "../core/types.js";
import type { ClientOutcome } from "../kv/requests.js";
import type { KvApplyResult } from "../kv/state-machine.js";
import { ReplicaInvariantError } from "./errors.js";

/** Answers one client request. */
export type Answer = (outcome: ClientOutcome) => void;

export interface PendingWrite {
  /** Where the leader appended the request's entry, and in which term. */
  index: number;
  term: number;
  clientId: string;
  sequence: number;
  answer: Answer;
}

/**
 * Writes a leader appended and has not answered yet, found by log index and by session
 * (client id, sequence): by client, then by sequence among that client's few pending writes.
 * Lists are changed in place (a write settles on every apply of a leader: a key string built
 * per lookup and a filtered copy per removal were a measurable share of the simulator's run).
 *
 * When is a write answered? Only when this node applies something that settles it:
 * - an entry carrying the same (clientId, sequence) applies — its own entry, or another one (a
 *   retry of the same sequence proposed elsewhere, possibly at a lower index) — then the state
 *   machine's answer for that session is the write's answer (the session table applies it once);
 * - a different entry applies at its index: its entry can never commit now (one entry per
 *   index). That is not `fail`, though: "certainly not applied" would be a promise about the
 *   future, and the same session write may still apply through another entry — a retry the
 *   client sent elsewhere while this one was in flight. So the answer is `unknown`.
 * Losing leadership, or seeing the entry overwritten in the local log, settles nothing: the
 * entry may still be held by a node that becomes leader and commits it (the Figure 8 case of
 * the Raft paper), so those writes wait. The client's own deadline turns a wait that ends
 * nowhere (a partitioned ex-leader) into `unknown`; a node that catches up settles them all.
 * `fail` is reserved for refusals before anything was appended (not leader, overloaded).
 */
export class PendingWrites {
  private readonly byIndex = new Map<number, PendingWrite[]>();
  private readonly byClient = new Map<string, PendingWrite[]>();
  private count = 0;

  constructor(private readonly node: string) {}

  get size(): number {
    return this.count;
  }

  add(write: PendingWrite): void {
    push(this.byIndex, write.index, write);
    push(this.byClient, write.clientId, write);
    this.count++;
  }

  /** Settles what applying `entry` (with the state machine's `result`, null for a no-op) decides. */
  settle(entry: Entry, result: KvApplyResult | null): void {
    if (this.count === 0) return; // a follower's case: nothing of its own is pending
    if (result !== null) {
      const sameCommand = this.takeSession(result.clientId, result.sequence);
      for (const write of sameCommand) {
        this.count--;
        remove(this.byIndex, write.index, write);
      }
      for (const write of sameCommand) write.answer(result.outcome);
    }
    const atIndex = this.byIndex.get(entry.index);
    if (atIndex === undefined) return;
    this.byIndex.delete(entry.index);
    for (const write of atIndex) {
      this.assertNotSameEntry(write, entry);
      this.count--;
      remove(this.byClient, write.clientId, write);
      write.answer({
        type: "unknown",
        reason:
          `overwritten: index ${entry.index} committed an entry of term ${entry.term}, not this ` +
          `request's of term ${write.term}; a retry of the same session sequence may still apply`,
      });
    }
  }

  /** Drops every pending write without answering (the node's process died with them). */
  clear(): void {
    this.byIndex.clear();
    this.byClient.clear();
    this.count = 0;
  }

  private assertNotSameEntry(write: PendingWrite, entry: Entry): void {
    if (write.term !== entry.term) return;
    throw new ReplicaInvariantError({
      node: this.node,
      term: entry.term,
      index: entry.index,
      message: `the entry applied at index ${entry.index} has the term of this node's proposal there but another command (log matching broken)`,
    });
  }

  /** Removes and returns the client's pending writes of `sequence`, in the order added. */
  private takeSession(clientId: string, sequence: number): readonly PendingWrite[] {
    const ofClient = this.byClient.get(clientId);
    if (ofClient === undefined) return noWrites;
    if (ofClient.length === 1) {
      if ((ofClient[0] as PendingWrite).sequence !== sequence) return noWrites;
      this.byClient.delete(clientId);
      return ofClient;
    }
    const taken = ofClient.filter((write) => write.sequence === sequence);
    if (taken.length === 0) return noWrites;
    const kept = ofClient.filter((write) => write.sequence !== sequence);
    if (kept.length === 0) this.byClient.delete(clientId);
    else this.byClient.set(clientId, kept);
    return taken;
  }
}

const noWrites: readonly PendingWrite[] = [];

/** Takes `write` out of the list under `key`, and the key out of `map` once its list is empty. */
function remove<Key>(map: Map<Key, PendingWrite[]>, key: Key, write: PendingWrite): void {
  const list = map.get(key);
  if (list === undefined) return;
  const position = list.indexOf(write);
  if (position < 0) return;
  if (list.length === 1) map.delete(key);
  else list.splice(position, 1);
}

function push<Key>(map: Map<Key, PendingWrite[]>, key: Key, write: PendingWrite): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [write]);
  else list.push(write);
}
