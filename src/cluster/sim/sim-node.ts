import { encodeMessage } from "../../raft/codec/index.js";
import type { Message, MessageType } from "../../raft/core/types.js";
import type { Rng } from "../../raft/random/rng.js";
import type { ReplicaEventSink } from "../../raft/replica/events.js";
import { Replica, type ReplicaOptions, type ReplicaPorts } from "../../raft/replica/replica.js";
import { LogStorage } from "../../raft/storage/log-storage.js";
import type { CrashOptions, NodeName, NodeStatus } from "../types.js";
import { SimDisk } from "./disk.js";
import type { DelayRange, SimNetwork } from "./network.js";
import type { Scheduler } from "./scheduler.js";

export interface SimNodeOptions {
  id: NodeName;
  /** The node's position in the network's list of nodes. */
  index: number;
  peers: readonly NodeName[];
  scheduler: Scheduler;
  network: SimNetwork;
  /** The root generator; the node takes its own named splits. */
  rng: Rng;
  tickNs: number;
  syncLatency: DelayRange;
  replica: Pick<ReplicaOptions, "electionTicks" | "heartbeatTicks" | "mutations" | "raft">;
  /** Inputs held for a paused node before further messages are dropped. */
  pausedInboxMax: number;
  /** The event sink, or null when nobody listens (read at every event: listeners come and go). */
  events: () => ReplicaEventSink | null;
  /** Counts messages by type as they are sent (for the lab's RPC counts). */
  countSent: (type: MessageType, bytes: number) => void;
  onApply?: ReplicaPorts["onApply"];
}

/**
 * What a simulated node's host reaches the world through. A class, not an object literal: a
 * literal with a getter is a dictionary-mode object in V8, so every read of `send`, `storage` or
 * `events` (several per Ready) was a hash lookup rather than a load at a known offset.
 */
class SimNodePorts implements ReplicaPorts {
  constructor(
    readonly storage: LogStorage,
    readonly send: (message: Message) => void,
    private readonly listeners: () => ReplicaEventSink | null,
    readonly onApply: ReplicaPorts["onApply"],
  ) {}

  /** Read at every emission: listeners come and go while the node runs. */
  get events(): ReplicaEventSink | null {
    return this.listeners();
  }
}

interface HeldInput {
  run: () => void;
  /** A message or client frame may be dropped when the inbox is full; a sync completion never. */
  droppable: boolean;
}

/**
 * One node in the simulated world: its disk (which outlives crashes), and while it is up, the
 * shared node host (`Replica`) over a log storage on that disk, ticked by virtual time.
 *
 * Pause: the process is stopped. No ticks; messages, client frames and sync completions that
 * arrive wait in an inbox, in order, and run at `resume` (as a stopped process finds them in its
 * socket buffers). The inbox is bounded: beyond `pausedInboxMax` messages and client frames are
 * dropped (a full socket buffer); sync completions are always kept (at most one is in flight).
 */
export class SimNode {
  readonly id: NodeName;
  readonly disk: SimDisk;
  private replica: Replica | null = null;
  private paused = false;
  private inbox: HeldInput[] = [];
  private clockRate = 1;
  /** Bumped whenever ticking restarts or stops for good (start, resume, crash): only the newest chain ticks. */
  private tickChain = 0;
  private wipedSinceStart = false;
  private readonly electionRng: Rng;
  private readonly tickRng: Rng;
  private lastStatus: NodeStatus;
  droppedInputs = 0;

  constructor(private readonly options: SimNodeOptions) {
    this.id = options.id;
    this.electionRng = options.rng.split(`election/${options.id}`);
    this.tickRng = options.rng.split(`tick/${options.id}`);
    this.disk = new SimDisk({
      scheduler: options.scheduler,
      rng: options.rng.split(`disk/${options.id}`),
      syncLatency: options.syncLatency,
      deliverCompletion: (done) => {
        // The common case without a closure: this runs once per sync.
        if (this.running) done(null);
        else this.input(() => done(null), false);
      },
    });
    this.lastStatus = {
      node: options.id,
      up: false,
      paused: false,
      role: "follower",
      term: 0,
      commitIndex: 0,
      leader: null,
    };
  }

  get up(): boolean {
    return this.replica !== null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get wiped(): boolean {
    return this.wipedSinceStart;
  }

  /** The running host, or null when the node is down (tests reach in through this). */
  get host(): Replica | null {
    return this.replica;
  }

  /** Starts the node from its disk alone (recovery cuts a torn tail; corruption throws). */
  start(): void {
    if (this.replica !== null) throw new Error(`node ${this.id} is already up`);
    const storage = LogStorage.open(this.disk, this.id);
    this.wipedSinceStart = false;
    const ports = new SimNodePorts(
      storage,
      (message) => this.send(message),
      this.options.events,
      this.options.onApply,
    );
    const random = () => this.electionRng.float();
    this.replica = new Replica(
      { id: this.id, peers: this.options.peers, random, ...this.options.replica },
      ports,
    );
    this.startTicking(this.tickRng.float() * this.tickIntervalNs());
  }

  crash(options: CrashOptions): void {
    this.remember();
    this.replica = null;
    this.tickChain++;
    this.paused = false;
    this.inbox = [];
    this.disk.crash({
      loseUnsynced: options.loseUnsynced ?? false,
      tornWrite: options.tornWrite ?? false,
    });
  }

  wipe(): void {
    this.disk.wipe();
    this.wipedSinceStart = true;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.inbox;
    this.inbox = [];
    // Nothing can crash or pause the node while these run: faults come only from async code,
    // which runs between instants.
    for (const input of held) input.run();
    this.startTicking(this.tickIntervalNs());
  }

  setClockRate(rate: number): void {
    this.clockRate = rate;
  }

  /** Whether an input would run at once (the node is up and not paused). */
  get running(): boolean {
    return this.replica !== null && !this.paused;
  }

  /** Runs `run` in the node's process: now if it is up and running, later if paused, never if down. */
  input(run: () => void, droppable = true): void {
    if (this.replica === null) {
      if (droppable) this.droppedInputs++;
      return;
    }
    if (!this.paused) {
      run();
      return;
    }
    if (droppable && this.inbox.length >= this.options.pausedInboxMax) {
      this.droppedInputs++;
      return;
    }
    this.inbox.push({ run, droppable });
  }

  status(): NodeStatus {
    if (this.replica === null) return { ...this.lastStatus, up: false, paused: false };
    const status = this.replica.status();
    return {
      node: this.id,
      up: true,
      paused: this.paused,
      role: status.role,
      term: status.term,
      commitIndex: status.commitIndex,
      leader: status.leader,
    };
  }

  private remember(): void {
    if (this.replica !== null) this.lastStatus = this.status();
  }

  private send(message: Message): void {
    const bytes = encodeMessage(message);
    // The type and addressee read by type: this function sees all six message shapes, and a
    // field read across them all takes V8's slow (megamorphic) path.
    switch (message.type) {
      case "vote":
        this.transmit("vote", message.to, bytes);
        return;
      case "vote-response":
        this.transmit("vote-response", message.to, bytes);
        return;
      case "append":
        this.transmit("append", message.to, bytes);
        return;
      case "append-response":
        this.transmit("append-response", message.to, bytes);
        return;
      case "heartbeat":
        this.transmit("heartbeat", message.to, bytes);
        return;
      case "heartbeat-response":
        this.transmit("heartbeat-response", message.to, bytes);
        return;
    }
  }

  private transmit(type: MessageType, to: NodeName, bytes: Uint8Array): void {
    this.options.countSent(type, bytes.length);
    this.options.network.sendFrom(this.options.index, this.id, to, bytes);
  }

  private tickIntervalNs(): number {
    return this.options.tickNs / this.clockRate;
  }

  private startTicking(firstDelayNs: number): void {
    this.scheduleTick(++this.tickChain, firstDelayNs);
  }

  private scheduleTick(chain: number, delayNs: number): void {
    const { scheduler } = this.options;
    scheduler.at(scheduler.nowNs + Math.max(0, Math.round(delayNs)), this.tick, chain);
  }

  /** Bound once: a tick runs every 10 virtual ms per node, so no closure per tick. */
  private readonly tick = (chain: number): void => {
    if (chain !== this.tickChain || this.paused || this.replica === null) return;
    this.replica.tick();
    this.scheduleTick(chain, this.tickIntervalNs());
  };
}
