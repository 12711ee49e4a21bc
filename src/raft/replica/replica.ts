import { decodeMessage, entryHash } from "../codec/index.js";
import { coreMutationNames, type RaftConfig } from "../core/config.js";
import { RaftNode } from "../core/raft-node.js";
import type { RaftStatus, Refusal } from "../core/results.js";
import type { Entry, HardState, Message, NodeId, Ready, Role } from "../core/types.js";
import { encodeCommand } from "../kv/command.js";
import {
  type ClientRequestFrame,
  type ClientResponseFrame,
  decodeClientRequest,
  encodeClientResponse,
} from "../kv/protocol.js";
import type { ClientOutcome, KvRequest } from "../kv/requests.js";
import { type KvApplyResult, KvStateMachine } from "../kv/state-machine.js";
import type { Storage } from "../storage/storage.js";
import { ClientFrameRejectedError, MessageRejectedError } from "./errors.js";
import type { ReplicaEvent, ReplicaEventSink } from "./events.js";
import { validateMutations } from "./mutations.js";
import { PendingReads } from "./pending-reads.js";
import { type Answer, PendingWrites } from "./pending-writes.js";

/** What the host gives a replica to reach the world. */
export interface ReplicaPorts {
  storage: Storage;
  /** Hands a message to the transport; the host encodes it and delivers it (or not). */
  send(message: Message): void;
  /** Node events; null when nobody listens (then the replica spends nothing on them). */
  events: ReplicaEventSink | null;
  /** Each applied entry with what the state machine made of it (test harnesses observe this). */
  onApply?: (entry: Entry, result: KvApplyResult | null) => void;
}

export interface ReplicaOptions {
  id: NodeId;
  peers: readonly NodeId[];
  electionTicks: number;
  heartbeatTicks: number;
  /** A uniform float in [0, 1): the core's randomized election timeouts. */
  random: () => number;
  /** Deliberate bugs (host and core names); unknown names are refused. */
  mutations?: readonly string[];
  /** The core's optional bounds. */
  raft?: Pick<RaftConfig, "maxInflightMessages" | "maxInflightBytes" | "maxMessageBytes">;
  /** Client requests awaiting an answer before new ones are refused as overloaded. */
  pendingRequestsMax?: number;
  /**
   * A leader sends a Ready's append messages before syncing that Ready, so its fsync and the
   * followers' run at the same time (Raft thesis, section 10.2.1; etcd does the same). Safe with
   * this loop: the leader's own unsynced entries may count toward a commit in the core, but that
   * commit only leaves this node — in messages, applied entries and client answers — with a
   * later Ready, taken after the sync finished. Only plain appends go early, and only when the
   * Ready changes neither term nor vote. Process mode turns it on; sim mode keeps the stricter
   * order (persist, sync, send) its traces were made with. Default false.
   */
  leaderAppendsBeforeSync?: boolean;
}

const pendingRequestsMaxDefault = 10_000;
/** Readies processed in one go before yielding back to the host (a bound on a loop). */
const readiesPerDriveMax = 1000;

/**
 * The node host logic shared by both modes: one Raft node (core), its key-value state machine
 * and its storage, driven by ticks, peer messages and client requests, following the Ready
 * contract — persist, sync when required (asynchronously: the Ready waits), send, apply,
 * advance — and emitting the node events of DESIGN.md. It knows no clock, sockets or simulator:
 * the host supplies ports.
 */
export class Replica {
  readonly id: NodeId;
  private readonly raft: RaftNode;
  private readonly kv = new KvStateMachine();
  private readonly writes: PendingWrites;
  private readonly reads = new PendingReads();
  private readonly mutations: ReadonlySet<string>;
  private readonly pendingRequestsMax: number;
  /** The Ready whose sync is in flight: nothing else is persisted, sent or applied until it ends. */
  private syncing: Ready | null = null;
  /** Whether that Ready's messages went out before its sync (the ack-before-fsync mutation). */
  private syncingSentEarly = false;
  private readonly leaderAppendsBeforeSync: boolean;
  /**
   * The appends of the Ready in flight went out before its sync (leaderAppendsBeforeSync): all
   * of its appends or none do, so a flag says which (a Set of them was cleared, so reallocated,
   * for every such Ready).
   */
  private appendsSentEarly = false;
  /** Term and vote as last made durable. */
  private syncedTerm: number;
  private syncedVote: NodeId | null;
  private hardState: HardState;
  private lastIndex: number;
  private emittedRole: { role: Role; term: number } | null = null;
  private leader: NodeId | null = null;
  private role: Role = "follower";
  private term: number;
  private commitEmitted: number;
  private readCounter = 0;
  /**
   * Entry hashes computed for `append` events, reused by `apply` events: the core hands the same
   * entry object to both, and hashing every payload twice per node was a large share of a run
   * with events on. Weak, so entries the log dropped are not kept alive.
   */
  private readonly hashes = new WeakMap<Entry, string>();

  constructor(
    options: ReplicaOptions,
    private readonly ports: ReplicaPorts,
  ) {
    this.id = options.id;
    this.mutations = validateMutations(options.mutations ?? [], coreMutationNames);
    this.pendingRequestsMax = options.pendingRequestsMax ?? pendingRequestsMaxDefault;
    this.writes = new PendingWrites(options.id);
    const stored = ports.storage.load();
    this.hardState = { ...stored.hardState };
    this.syncedTerm = stored.hardState.term;
    this.syncedVote = stored.hardState.vote;
    this.leaderAppendsBeforeSync = options.leaderAppendsBeforeSync ?? false;
    this.lastIndex = stored.entries.length;
    this.term = stored.hardState.term;
    this.commitEmitted = 0;
    const fresh = stored.hardState.term === 0 && stored.entries.length === 0;
    this.raft = new RaftNode({
      id: options.id,
      peers: options.peers,
      electionTicks: options.electionTicks,
      heartbeatTicks: options.heartbeatTicks,
      random: options.random,
      ...options.raft,
      mutations: this.mutations,
      ...(fresh ? {} : { restored: stored }),
    });
    this.announceRecovered(stored.entries);
  }

  /** One tick of logical time. */
  tick(): void {
    this.raft.tick();
    this.drive();
  }

  /** A message from a peer. Throws MessageRejectedError (state untouched) for one the core refuses. */
  receive(message: Message): void {
    try {
      this.raft.step(message);
    } catch (error) {
      if (error instanceof Error && error.name === "RaftInputError") {
        throw new MessageRejectedError(
          this.id,
          `${message.type} from ${message.from}: ${error.message}`,
          error,
        );
      }
      throw error;
    }
    this.drive();
  }

  /** A peer message as bytes: decoded, then as `receive`. Undecodable bytes throw MessageRejectedError. */
  receiveBytes(bytes: Uint8Array): void {
    let message: Message;
    try {
      message = decodeMessage(bytes);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new MessageRejectedError(
        this.id,
        `${bytes.length} bytes do not decode: ${detail}`,
        error,
      );
    }
    this.receive(message);
  }

  /** Starts an election now (for tests and leader transfer). */
  campaign(): void {
    this.raft.campaign();
    this.drive();
  }

  /**
   * A client request frame as bytes; the answer comes through `reply` as bytes, now or later.
   * Throws ClientFrameRejectedError for bytes that do not decode (no request id to answer).
   */
  handleClientBytes(bytes: Uint8Array, reply: (response: Uint8Array) => void): void {
    let frame: ClientRequestFrame;
    try {
      frame = decodeClientRequest(bytes);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ClientFrameRejectedError(this.id, detail, error);
    }
    const { requestId } = frame;
    // One closure per request, straight to bytes (not through handleClientRequest's).
    this.serveRequest(frame, (outcome) => reply(encodeClientResponse({ requestId, outcome })));
  }

  /** A client request; the answer comes through `reply`, exactly once (unless the node dies first). */
  handleClientRequest(
    frame: ClientRequestFrame,
    reply: (response: ClientResponseFrame) => void,
  ): void {
    const { requestId } = frame;
    this.serveRequest(frame, (outcome) => reply({ requestId, outcome }));
  }

  private serveRequest(frame: ClientRequestFrame, answer: Answer): void {
    if (this.writes.size + this.reads.size >= this.pendingRequestsMax) {
      answer({ type: "fail", reason: "overloaded" });
      return;
    }
    if (frame.request.f === "get") this.startRead(frame.request.key, answer);
    else this.startWrite(frame, frame.request, answer);
    this.drive();
  }

  /** Proposes a write command directly (as a client request would), for test harnesses. */
  propose(command: {
    clientId: string;
    sequence: number;
    request: Exclude<KvRequest, { f: "get" }>;
  }) {
    const result = this.raft.propose(encodeCommand(command));
    this.drive();
    return result;
  }

  status(): RaftStatus {
    return this.raft.status();
  }

  get pendingRequests(): number {
    return this.writes.size + this.reads.size;
  }

  /** The value the local state machine holds for `key` (no linearizability: for tests). */
  localValue(key: string): string | null {
    return this.kv.read(key);
  }

  private startRead(key: string, answer: Answer): void {
    if (this.mutations.has("stale-local-read") && this.role === "leader") {
      answer({ type: "ok", value: this.kv.read(key) });
      return;
    }
    const context = `${this.id}/${++this.readCounter}`;
    const result = this.raft.readIndex(context);
    if (!result.ok) {
      answer(refusal(result));
      return;
    }
    // The term of the leadership that accepted the read. `this.term` is the term of the last
    // Ready taken; a node that became leader since (its Ready still waits behind a sync) has a
    // newer term, and the read is then refused at the next Ready: spurious, but safe.
    this.reads.add({ context, key, term: this.term, answer });
  }

  private startWrite(
    frame: ClientRequestFrame,
    request: Exclude<KvRequest, { f: "get" }>,
    answer: Answer,
  ): void {
    const data = encodeCommand({ clientId: frame.clientId, sequence: frame.sequence, request });
    const result = this.raft.propose(data);
    if (!result.ok) {
      answer(refusal(result));
      return;
    }
    this.writes.add({
      index: result.index,
      term: result.term,
      clientId: frame.clientId,
      sequence: frame.sequence,
      answer,
    });
  }

  /** Processes Readies until none is left or one waits for its sync. */
  private drive(): void {
    for (let round = 0; round < readiesPerDriveMax; round++) {
      if (this.syncing !== null || !this.raft.hasReady()) return;
      const ready = this.raft.ready();
      this.noteSoftState(ready);
      this.write(ready);
      if (!ready.mustSync) {
        this.emitPersist(false, ready);
        this.complete(ready, false);
        continue;
      }
      const sendEarly = this.mutations.has("ack-before-fsync");
      if (sendEarly) this.sendAll(ready);
      else if (this.leaderAppendsBeforeSync) this.sendLeaderAppends(ready);
      this.syncing = ready;
      this.syncingSentEarly = sendEarly;
      this.ports.storage.sync(this.synced);
      return;
    }
  }

  /** The sync of the Ready in `syncing` ended (bound once: a sync ends for most Readies). */
  private readonly synced = (error: Error | null): void => {
    if (error !== null) {
      // The cause keeps the system error's code (ENOSPC, EIO): the host reports it to the harness.
      throw new Error(`node ${this.id}: sync failed, the node cannot continue: ${error.message}`, {
        cause: error,
      });
    }
    const ready = this.syncing;
    if (ready === null) throw new Error(`node ${this.id}: a sync ended that was never started`);
    const sent = this.syncingSentEarly;
    this.syncing = null;
    if (ready.hardState !== null) {
      this.syncedTerm = ready.hardState.term;
      this.syncedVote = ready.hardState.vote;
    }
    this.emitPersist(true, ready);
    this.complete(ready, sent);
    this.drive();
  };

  /** Ready contract step 1 (the write part): entries, then hard state. */
  private write(ready: Ready): void {
    const first = ready.entries[0];
    if (first !== undefined) {
      if (first.index <= this.lastIndex) this.emit({ type: "truncate", fromIndex: first.index });
      this.ports.storage.append(ready.entries);
      this.lastIndex = first.index + ready.entries.length - 1;
      if (this.ports.events !== null) {
        for (const entry of ready.entries) {
          this.emit({
            type: "append",
            index: entry.index,
            term: entry.term,
            entryHash: this.hashOf(entry),
          });
        }
      }
    }
    if (ready.hardState !== null) {
      this.hardState = ready.hardState; // a Ready's states are fresh objects, never changed
      this.ports.storage.saveHardState(ready.hardState);
    }
  }

  /**
   * Ready contract steps 2 to 4: send (unless `sentEarly`), apply, serve reads, advance. Runs for
   * every Ready: events are built only when someone listens.
   */
  private complete(ready: Ready, sentEarly: boolean): void {
    if (!sentEarly) this.sendAll(ready);
    if (ready.hardState !== null && ready.hardState.commit > this.commitEmitted) {
      this.commitEmitted = ready.hardState.commit;
      if (this.ports.events !== null) this.emit({ type: "commit", index: this.commitEmitted });
    }
    for (const entry of ready.committedEntries) this.apply(entry);
    if (this.reads.size > 0 || ready.readStates.length > 0) {
      this.reads.confirm(ready.readStates);
      this.reads.serve(this.kv.appliedIndex, this.kv);
      this.reads.leadershipChanged(this.role === "leader", this.term, this.leader);
    }
    this.raft.advance(ready);
  }

  private apply(entry: Entry): void {
    const result = this.kv.apply(entry.index, entry.data);
    if (this.ports.events !== null) {
      this.emit({
        type: "apply",
        index: entry.index,
        term: entry.term,
        entryHash: this.hashOf(entry),
      });
    }
    this.ports.onApply?.(entry, result);
    this.writes.settle(entry, result);
  }

  private sendAll(ready: Ready): void {
    if (!this.appendsSentEarly) {
      for (const message of ready.messages) this.ports.send(message);
      return;
    }
    for (const message of ready.messages) {
      if (message.type !== "append") this.ports.send(message);
    }
    this.appendsSentEarly = false;
  }

  /** See `ReplicaOptions.leaderAppendsBeforeSync`. */
  private sendLeaderAppends(ready: Ready): void {
    if (this.role !== "leader") return;
    const hard = ready.hardState;
    if (hard !== null && (hard.term !== this.syncedTerm || hard.vote !== this.syncedVote)) return;
    for (const message of ready.messages) {
      if (message.type !== "append") continue;
      this.appendsSentEarly = true;
      this.ports.send(message);
    }
  }

  private noteSoftState(ready: Ready): void {
    const soft = ready.softState;
    if (soft !== null) {
      this.role = soft.role;
      this.term = soft.term;
      this.leader = soft.leader;
    } else if (ready.hardState !== null && ready.hardState.term !== this.term) {
      this.term = ready.hardState.term;
    }
    const emitted = this.emittedRole;
    if (emitted === null || emitted.role !== this.role || emitted.term !== this.term) {
      this.emittedRole = { role: this.role, term: this.term };
      this.emit({ type: "role", role: this.role, term: this.term });
    }
  }

  private emitPersist(synced: boolean, ready: Ready): void {
    if (this.ports.events === null) return;
    if (ready.entries.length === 0 && ready.hardState === null) return;
    this.emit({
      type: "persist",
      hardState: { ...this.hardState },
      lastIndex: this.lastIndex,
      synced,
    });
  }

  /** A restarted node re-announces the log it loaded, so the event stream knows what it holds. */
  private announceRecovered(entries: readonly Entry[]): void {
    if (this.ports.events === null) return;
    for (const entry of entries) {
      this.emit({
        type: "append",
        index: entry.index,
        term: entry.term,
        entryHash: entryHash(entry),
      });
    }
  }

  private hashOf(entry: Entry): string {
    let hash = this.hashes.get(entry);
    if (hash === undefined) {
      hash = entryHash(entry);
      this.hashes.set(entry, hash);
    }
    return hash;
  }

  private emit(event: ReplicaEvent): void {
    this.ports.events?.(event);
  }
}

function refusal(result: Refusal): ClientOutcome {
  return result.leaderHint === null
    ? { type: "fail", reason: result.reason }
    : { type: "fail", reason: result.reason, hint: result.leaderHint };
}
