import type { Rng } from "../../raft/random/rng.js";
import type { Link, LinkFaults, NodeName, PartitionSpec } from "../types.js";
import { SimArgumentError, UnknownNodeError } from "./errors.js";
import type { Scheduler } from "./scheduler.js";

/** The base one-way delay of every message: uniform in [minMs, maxMs]. */
export interface DelayRange {
  minMs: number;
  maxMs: number;
}

export interface NetworkOptions {
  scheduler: Scheduler;
  rng: Rng;
  nodes: readonly NodeName[];
  delay: DelayRange;
  /** How far a reordered message is held back at most, beyond its normal delay. */
  reorderDelayMsMax: number;
  /**
   * The scenario's baseline link behaviour. It stays under every `setLinkFaults`: a fault's
   * settings replace the baseline's for the keys they set, and `{}` restores the baseline.
   */
  baseline?: LinkFaults;
  /**
   * Called when a message arrives (its link not cut at that moment); `toIndex` is the addressee's
   * position in `nodes`.
   */
  deliver: (from: NodeName, to: NodeName, bytes: Uint8Array, toIndex: number) => void;
}

export interface NetworkStats {
  sent: number;
  bytesSent: number;
  delivered: number;
  droppedByPartition: number;
  droppedByFault: number;
  duplicated: number;
  reordered: number;
}

interface InFlight {
  from: NodeName;
  to: NodeName;
  bytes: Uint8Array;
  link: LinkState;
}

interface LinkState {
  /** The receiving end's position in `nodes`. */
  readonly toIndex: number;
  cut: boolean;
  /** Faults set for this link alone; null = the network-wide faults apply. */
  faults: LinkFaults | null;
  /** The latest delivery time scheduled in order: later messages never arrive before it. */
  lastInOrderNs: number;
}

/**
 * The simulated node-to-node network. Messages are bytes (already encoded by the sender's host).
 * A link is FIFO, like the TCP connection it stands for, unless a `reorder` fault holds a message
 * back so later ones overtake it; a `duplicate` copy travels independently. A partition cuts
 * links both when a message is sent and when it would arrive: messages in flight on a link that
 * is cut meanwhile are lost, as on a real network.
 */
export class SimNetwork {
  readonly stats: NetworkStats = {
    sent: 0,
    bytesSent: 0,
    delivered: 0,
    droppedByPartition: 0,
    droppedByFault: 0,
    duplicated: 0,
    reordered: 0,
  };
  private readonly nodeIndex = new Map<NodeName, number>();
  private readonly links: LinkState[] = [];
  private globalFaults: LinkFaults = {};

  constructor(private readonly options: NetworkOptions) {
    validateDelay(options.delay);
    validateFaults(options.baseline ?? {});
    this.globalFaults = { ...options.baseline };
    options.nodes.forEach((node, index) => {
      this.nodeIndex.set(node, index);
    });
    for (let index = 0; index < options.nodes.length ** 2; index++) {
      this.links.push({
        toIndex: index % options.nodes.length,
        cut: false,
        faults: null,
        lastInOrderNs: 0,
      });
    }
  }

  send(from: NodeName, to: NodeName, bytes: Uint8Array): void {
    this.sendFrom(this.indexOf(from, "send"), from, to, bytes);
  }

  /**
   * As `send`, for a sender that knows its position in `nodes` (`fromIndex`, which must be
   * `from`'s): one name lookup per message instead of two.
   */
  sendFrom(fromIndex: number, from: NodeName, to: NodeName, bytes: Uint8Array): void {
    const link = this.links[
      fromIndex * this.options.nodes.length + this.indexOf(to, "send")
    ] as LinkState;
    this.stats.sent++;
    this.stats.bytesSent += bytes.length;
    if (link.cut) {
      this.stats.droppedByPartition++;
      return;
    }
    const faults = link.faults ?? this.globalFaults;
    const rng = this.options.rng;
    if (rng.chance(faults.drop ?? 0)) {
      this.stats.droppedByFault++;
      return;
    }
    this.schedule({ from, to, bytes, link }, faults, !rng.chance(faults.reorder ?? 0));
    if (rng.chance(faults.duplicate ?? 0)) {
      this.stats.duplicated++;
      this.schedule({ from, to, bytes, link }, faults, false);
    }
  }

  /** Cuts links: between groups (both ways), or the listed directed links. Replaces any earlier partition. */
  partition(spec: PartitionSpec): void {
    const cuts =
      "groups" in spec ? this.cutsBetweenGroups(spec.groups) : this.cutsOfLinks(spec.links);
    this.links.forEach((link, index) => {
      link.cut = cuts.has(index);
    });
  }

  heal(): void {
    for (const link of this.links) link.cut = false;
  }

  isCut(from: NodeName, to: NodeName): boolean {
    return this.link(from, to, "isCut").cut;
  }

  /** Sets faults on every link (clearing per-link settings), or only on `links`, over the baseline. `{}` restores the baseline. */
  setLinkFaults(faults: LinkFaults, links?: readonly Link[]): void {
    validateFaults(faults);
    const value = { ...this.options.baseline, ...withoutUndefined(faults) };
    if (links === undefined) {
      this.globalFaults = value;
      for (const link of this.links) link.faults = null;
      return;
    }
    for (const { from, to } of links) this.link(from, to, "setLinkFaults").faults = value;
  }

  /** `delivery` is what travels (one object per message: what it needs on arrival, no more). */
  private schedule(delivery: InFlight, faults: LinkFaults, inOrder: boolean): void {
    const { scheduler, rng, delay } = this.options;
    let delayMs = rng.between(delay.minMs, delay.maxMs);
    const extra = faults.delayMs;
    if (extra !== undefined) delayMs += rng.between(extra[0], extra[1]);
    let arrivalNs = scheduler.nowNs + Math.round(delayMs * 1e6);
    if (inOrder) {
      arrivalNs = Math.max(arrivalNs, delivery.link.lastInOrderNs);
      delivery.link.lastInOrderNs = arrivalNs;
    } else {
      this.stats.reordered++;
      arrivalNs += Math.round(rng.between(0, this.options.reorderDelayMsMax) * 1e6);
    }
    scheduler.at(arrivalNs, this.arriveBound, delivery);
  }

  /** One bound function for every arrival: no closure per message. */
  private readonly arriveBound = (delivery: InFlight): void => {
    if (delivery.link.cut) {
      this.stats.droppedByPartition++;
      return;
    }
    this.stats.delivered++;
    this.options.deliver(delivery.from, delivery.to, delivery.bytes, delivery.link.toIndex);
  };

  private link(from: NodeName, to: NodeName, where: string): LinkState {
    const fromIndex = this.indexOf(from, where);
    const toIndex = this.indexOf(to, where);
    return this.links[fromIndex * this.options.nodes.length + toIndex] as LinkState;
  }

  private indexOf(node: NodeName, where: string): number {
    const index = this.nodeIndex.get(node);
    if (index === undefined) throw new UnknownNodeError(node, this.options.nodes, where);
    return index;
  }

  private cutsBetweenGroups(groups: readonly (readonly NodeName[])[]): Set<number> {
    const count = this.options.nodes.length;
    // Nodes no group names form one more group together.
    const groupOf = new Array<number>(count).fill(groups.length);
    groups.forEach((group, groupIndex) => {
      for (const node of group) {
        const index = this.indexOf(node, "partition");
        if (groupOf[index] !== groups.length) {
          throw new SimArgumentError(`partition: node '${node}' is in more than one group`);
        }
        groupOf[index] = groupIndex;
      }
    });
    const cuts = new Set<number>();
    for (let from = 0; from < count; from++) {
      for (let to = 0; to < count; to++) {
        if (groupOf[from] !== groupOf[to]) cuts.add(from * count + to);
      }
    }
    return cuts;
  }

  private cutsOfLinks(links: readonly Link[]): Set<number> {
    const count = this.options.nodes.length;
    return new Set(
      links.map(
        ({ from, to }) => this.indexOf(from, "partition") * count + this.indexOf(to, "partition"),
      ),
    );
  }
}

function withoutUndefined(faults: LinkFaults): LinkFaults {
  const result: LinkFaults = {};
  if (faults.drop !== undefined) result.drop = faults.drop;
  if (faults.duplicate !== undefined) result.duplicate = faults.duplicate;
  if (faults.reorder !== undefined) result.reorder = faults.reorder;
  if (faults.delayMs !== undefined) result.delayMs = faults.delayMs;
  return result;
}

function validateDelay(delay: DelayRange): void {
  if (!(delay.minMs >= 0 && delay.maxMs >= delay.minMs)) {
    throw new SimArgumentError(
      `network delay must satisfy 0 <= minMs <= maxMs, got [${delay.minMs}, ${delay.maxMs}]`,
    );
  }
}

function validateFaults(faults: LinkFaults): void {
  for (const name of ["drop", "duplicate", "reorder"] as const) {
    const probability = faults[name];
    if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
      throw new SimArgumentError(
        `link fault '${name}' must be a probability in [0, 1], got ${probability}`,
      );
    }
  }
  if (faults.delayMs !== undefined) {
    const [minMs, maxMs] = faults.delayMs;
    validateDelay({ minMs, maxMs });
  }
}
