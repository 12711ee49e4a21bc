import type { NodeEvent } from "../../history/events.js";
import { type EntryRecord, EntryRegistry } from "./entry-registry.js";
import { NodeLogView } from "./node-log-view.js";
import type { InvariantRule, InvariantViolation } from "./violation.js";

type EventOf<Type extends NodeEvent["type"]> = Extract<NodeEvent, { type: Type }>;

export interface InvariantCheckerOptions {
  /** Violations kept in full; later ones are only counted (`violationCount`). */
  violationsMax?: number;
}

/** An entry index this far beyond what a node is known to hold is a malformed event, not a log. */
const INDEX_JUMP_MAX = 1 << 22;
const VIOLATIONS_MAX_DEFAULT = 1000;

/**
 * Raft's safety invariants checked incrementally from the node event stream alone (DESIGN.md,
 * "Events"); see `InvariantRule` for the rules and `NodeLogView` for what the stream is assumed
 * to mean and how crashes and restarts are accounted for. Checks across nodes do not depend on
 * the order in which different nodes' events interleave, only on each node's own order.
 *
 * A wipe erases a node's durable vote and log, which Raft does not survive in general: a
 * violation found after a `restart` with `wiped: true` may be the wipe's doing, not a bug.
 */
export class InvariantChecker {
  private readonly nodes = new Map<string, NodeLogView>();
  private readonly leaderByTerm = new Map<number, string>();
  private readonly registry = new EntryRegistry();
  private readonly kept: InvariantViolation[] = [];
  private readonly violationsMax: number;
  private found = 0;
  private observed = 0;
  private ignored = 0;

  constructor(options: InvariantCheckerOptions = {}) {
    this.violationsMax = options.violationsMax ?? VIOLATIONS_MAX_DEFAULT;
  }

  /** The violations found so far, in the order found (at most `violationsMax`). */
  violations(): InvariantViolation[] {
    return [...this.kept];
  }

  /** All violations found, including those beyond `violationsMax`. */
  get violationCount(): number {
    return this.found;
  }

  get eventCount(): number {
    return this.observed;
  }

  /** Events from a node that is down (between its crash and restart); they change nothing. */
  get ignoredEventCount(): number {
    return this.ignored;
  }

  /** The highest index known committed on any node. */
  get committedIndexMax(): number {
    return this.registry.committedIndexMax;
  }

  observe(event: NodeEvent): void {
    this.observed++;
    const view = this.view(event.node);
    if (event.type === "crash") {
      if (view.up) view.crash();
    } else if (event.type === "restart") {
      view.restart({ wiped: event.wiped });
    } else if (!view.up) {
      this.ignored++;
    } else {
      this.observeLive(view, event);
    }
  }

  private observeLive(view: NodeLogView, event: NodeEvent): void {
    switch (event.type) {
      case "role":
        this.observeRole(event);
        break;
      case "append":
        this.observeAppend(view, event);
        break;
      case "truncate":
        this.observeTruncate(view, event);
        break;
      case "commit":
        this.observeCommit(view, event);
        break;
      case "apply":
        this.observeApply(view, event);
        break;
      case "persist":
        view.persist({
          synced: event.synced,
          lastIndex: event.lastIndex,
          commit: event.hardState.commit,
        });
        break;
      default:
        break;
    }
  }

  private observeRole(event: EventOf<"role">): void {
    if (event.role !== "leader") return;
    const leader = this.leaderByTerm.get(event.term);
    if (leader === undefined) {
      this.leaderByTerm.set(event.term, event.node);
    } else if (leader !== event.node) {
      this.report("election-safety", event, {
        term: event.term,
        message: `${event.node} became leader of term ${event.term}, which ${leader} already led`,
      });
    }
  }

  private observeAppend(view: NodeLogView, event: EventOf<"append">): void {
    const { index, term, entryHash } = event;
    assertIndex(event, index, view.length);
    const record = this.checkEntryIdentity(event, { index, term, hash: entryHash });
    this.checkPredecessor(view, event, record);
    if (index <= view.commitIndex) this.checkCommittedKept(view, event);
    view.append(index, term, entryHash);
  }

  private checkEntryIdentity(
    event: NodeEvent,
    entry: { index: number; term: number; hash: string },
  ): EntryRecord {
    const record = this.registry.entry({ ...entry, node: event.node });
    if (record.hash === entry.hash) return record;
    this.report("log-matching", event, {
      term: entry.term,
      index: entry.index,
      message:
        `${event.node} holds entry (index ${entry.index}, term ${entry.term}) with hash ` +
        `${entry.hash}, but ${record.node} held it with hash ${record.hash}`,
    });
    return record;
  }

  /** Log matching by induction: one predecessor per (index, term) makes equal entries share the prefix. */
  private checkPredecessor(view: NodeLogView, event: EventOf<"append">, record: EntryRecord): void {
    const { index, term } = event;
    const previousHash = index === 1 ? "" : view.hashAt(index - 1);
    const previousTerm = view.termAt(index - 1);
    if (previousTerm > term) {
      this.report("log-matching", event, {
        term,
        index,
        message: `${event.node} appended term ${term} at index ${index} after term ${previousTerm}: terms must not decrease along a log`,
      });
    }
    if (previousHash === undefined) return;
    if (record.previousHash === undefined) {
      record.previousHash = previousHash;
    } else if (record.previousHash !== previousHash) {
      this.report("log-matching", event, {
        term,
        index,
        message:
          `${event.node} holds entry (index ${index}, term ${term}) after entry ${previousHash || "(none)"}, ` +
          `but another log holds it after ${record.previousHash || "(none)"}: the prefixes differ`,
      });
    }
  }

  private checkCommittedKept(view: NodeLogView, event: EventOf<"append">): void {
    const { index, entryHash } = event;
    const held = view.hashAt(index);
    const committed = this.registry.committed(index);
    const expected = held ?? committed?.hash;
    if (expected === undefined || expected === entryHash) return;
    this.report("committed-entries-kept", event, {
      term: event.term,
      index,
      message: `${event.node} replaced committed entry ${expected} at index ${index} (its commit index is ${view.commitIndex}) with ${entryHash}`,
    });
  }

  private observeTruncate(view: NodeLogView, event: EventOf<"truncate">): void {
    assertIndex(event, event.fromIndex, view.length);
    if (event.fromIndex <= view.commitIndex) {
      this.report("committed-entries-kept", event, {
        index: event.fromIndex,
        message: `${event.node} truncated its log from index ${event.fromIndex}, at or below its commit index ${view.commitIndex}`,
      });
    }
    view.truncate(event.fromIndex);
  }

  private observeCommit(view: NodeLogView, event: EventOf<"commit">): void {
    if (event.index < view.commitIndex) {
      this.report("committed-entries-kept", event, {
        index: event.index,
        message: `${event.node}'s commit index went back from ${view.commitIndex} to ${event.index}`,
      });
      return;
    }
    const last = Math.min(event.index, view.length);
    for (let index = view.commitIndex + 1; index <= last; index++) {
      const hash = view.hashAt(index);
      if (hash !== undefined)
        this.markCommitted(event, { index, hash, rule: "committed-entries-kept" });
    }
    view.commitIndex = event.index;
  }

  private observeApply(view: NodeLogView, event: EventOf<"apply">): void {
    const { index, term, entryHash } = event;
    assertIndex(event, index, view.length);
    this.checkApplyOrder(view, event);
    this.checkEntryIdentity(event, { index, term, hash: entryHash });
    const held = view.hashAt(index);
    if (held !== undefined && held !== entryHash) {
      this.report("state-machine-safety", event, {
        term,
        index,
        message: `${event.node} applied ${entryHash} at index ${index}, but its log holds ${held} there`,
      });
    }
    this.markCommitted(event, { index, hash: entryHash, rule: "state-machine-safety" });
    view.commitIndex = Math.max(view.commitIndex, index);
    view.appliedIndex = index;
  }

  /** Without snapshots every life of a node applies from index 1 on, one index at a time. */
  private checkApplyOrder(view: NodeLogView, event: EventOf<"apply">): void {
    const expected = view.appliedIndex + 1;
    if (event.index === expected) return;
    const what = event.index <= view.appliedIndex ? "went back to" : "skipped to";
    this.report("applied-index-monotonic", event, {
      term: event.term,
      index: event.index,
      message: `${event.node} applied index ${view.appliedIndex}, then ${what} index ${event.index} (expected ${expected})`,
    });
  }

  private markCommitted(
    event: NodeEvent,
    options: { index: number; hash: string; rule: InvariantRule },
  ): void {
    const committed = this.registry.commit({
      index: options.index,
      hash: options.hash,
      node: event.node,
    });
    if (committed.hash === options.hash) return;
    this.report(options.rule, event, {
      index: options.index,
      message: `${event.node} committed ${options.hash} at index ${options.index}, but ${committed.node} committed ${committed.hash} there`,
    });
  }

  private view(node: string): NodeLogView {
    let view = this.nodes.get(node);
    if (view === undefined) {
      view = new NodeLogView();
      this.nodes.set(node, view);
    }
    return view;
  }

  private report(
    rule: InvariantRule,
    event: NodeEvent,
    details: { term?: number; index?: number; message: string },
  ): void {
    this.found++;
    if (this.kept.length >= this.violationsMax) return;
    this.kept.push({ rule, node: event.node, ...details, timeNs: event.timeNs });
  }
}

/** Checks a whole event sequence at once. */
export function checkInvariants(
  events: Iterable<NodeEvent>,
  options: InvariantCheckerOptions = {},
): InvariantViolation[] {
  const checker = new InvariantChecker(options);
  for (const event of events) checker.observe(event);
  return checker.violations();
}

function assertIndex(event: NodeEvent, index: number, knownLength: number): void {
  if (!Number.isSafeInteger(index) || index < 1) {
    throw new RangeError(
      `malformed ${event.type} event of ${event.node}: index ${index} is not an integer >= 1`,
    );
  }
  if (index > knownLength + INDEX_JUMP_MAX) {
    throw new RangeError(
      `malformed ${event.type} event of ${event.node}: index ${index} is ${index - knownLength} beyond its log`,
    );
  }
}
