import type {
  Cluster,
  CrashOptions,
  LinkFaults,
  NodeName,
  NodeStatus,
  PartitionSpec,
} from "../cluster/types.js";
import { composeLinkFaults, type LinkFaultLayer } from "./link-faults.js";
import { cutLinks } from "./partition/links.js";

/**
 * What the nemesis has done to the cluster and not yet undone, keyed by the action that did it,
 * and the one place that talks to the cluster. Overlapping faults compose this way:
 *
 * - Partitions: the cut links are the union of every active partition's. Ending one re-applies
 *   the union of the rest (`heal()` first, then `partition(rest)`), so another item's partition
 *   stays in force. Starting one applies the whole union, which is right whether the cluster's
 *   `partition` replaces or adds.
 * - Network faults: composed link by link over the baseline (see `composeLinkFaults`) and
 *   re-applied in full (`setLinkFaults(baseline)`, then one call per group of links) whenever
 *   one starts or ends.
 * - Crash, wipe and pause: a node is held by at most one of them at a time. A node already
 *   crashed, wiped or paused is not eligible for another; its own action's end releases it.
 * - Clock skew: a node has at most one active skew; its end resets the rate to 1.
 */
export class FaultModel {
  private readonly partitions = new Map<number, PartitionSpec>();
  private readonly linkFaults = new Map<number, LinkFaultLayer>();
  /** Crashed or wiped nodes, by the action that took them down. */
  private readonly down = new Map<NodeName, number>();
  private readonly paused = new Map<NodeName, number>();
  private readonly skewed = new Map<NodeName, number>();

  /**
   * `baseline`: the link faults the cluster runs with when no network fault is active (the
   * scenario's `network:` drop, duplicate, reorder). "Clearing" restores it, and every network
   * fault composes on top of it.
   */
  constructor(
    private readonly cluster: Cluster,
    private readonly baseline: LinkFaults = {},
  ) {}

  /** Nodes a crash, wipe or pause may take now: running, and held by no other fault. */
  eligibleForHold(statuses: readonly NodeStatus[]): NodeName[] {
    const running = new Set(
      statuses.filter((status) => status.up && !status.paused).map((status) => status.node),
    );
    return this.cluster.nodes.filter(
      (node) => running.has(node) && !this.down.has(node) && !this.paused.has(node),
    );
  }

  eligibleForSkew(): NodeName[] {
    return this.cluster.nodes.filter((node) => !this.skewed.has(node));
  }

  async partition(action: number, spec: PartitionSpec): Promise<void> {
    this.partitions.set(action, spec);
    await this.cluster.partition(this.partitionUnion());
  }

  async setLinkFaults(action: number, layer: LinkFaultLayer): Promise<void> {
    this.linkFaults.set(action, layer);
    await this.applyLinkFaults();
  }

  async crash(action: number, nodes: readonly NodeName[], options: CrashOptions): Promise<void> {
    for (const node of nodes) {
      this.down.set(node, action);
      await this.cluster.crash(node, options);
    }
  }

  /** Crashes each node (plainly) and erases its disk; it comes back empty when restarted. */
  async wipe(action: number, nodes: readonly NodeName[]): Promise<void> {
    for (const node of nodes) {
      this.down.set(node, action);
      await this.cluster.crash(node, {});
      await this.cluster.wipe(node);
    }
  }

  async pause(action: number, nodes: readonly NodeName[]): Promise<void> {
    for (const node of nodes) {
      this.paused.set(node, action);
      await this.cluster.pause(node);
    }
  }

  async skew(action: number, nodes: readonly NodeName[], rate: number): Promise<void> {
    for (const node of nodes) {
      this.skewed.set(node, action);
      await this.cluster.setClockRate(node, rate);
    }
  }

  /** Undoes everything `action` did, keeping every other active fault in force. */
  async end(action: number): Promise<void> {
    if (this.partitions.delete(action)) {
      await this.cluster.heal();
      if (this.partitions.size > 0) await this.cluster.partition(this.partitionUnion());
    }
    if (this.linkFaults.delete(action)) await this.applyLinkFaults();
    for (const node of heldBy(this.down, action)) {
      this.down.delete(node);
      await this.cluster.restart(node);
    }
    for (const node of heldBy(this.paused, action)) {
      this.paused.delete(node);
      await this.cluster.resume(node);
    }
    for (const node of heldBy(this.skewed, action)) {
      this.skewed.delete(node);
      await this.cluster.setClockRate(node, 1);
    }
  }

  /** Heals partitions, clears link faults, resumes, restarts and resets clock rates: all of it. */
  async healAll(): Promise<void> {
    this.partitions.clear();
    this.linkFaults.clear();
    await this.cluster.heal();
    await this.cluster.setLinkFaults(this.baseline);
    for (const [node] of sortedEntries(this.paused)) await this.cluster.resume(node);
    this.paused.clear();
    for (const [node] of sortedEntries(this.down)) await this.cluster.restart(node);
    this.down.clear();
    for (const [node] of sortedEntries(this.skewed)) await this.cluster.setClockRate(node, 1);
    this.skewed.clear();
  }

  private partitionUnion(): PartitionSpec {
    const specs = [...this.partitions.values()];
    if (specs.length === 1) return specs[0] as PartitionSpec;
    const names = new Set<string>();
    const links = specs
      .flatMap((spec) => cutLinks(spec, this.cluster.nodes))
      .filter((link) => {
        const name = `${link.from}->${link.to}`;
        if (names.has(name)) return false;
        names.add(name);
        return true;
      });
    return { links };
  }

  private async applyLinkFaults(): Promise<void> {
    await this.cluster.setLinkFaults(this.baseline);
    const layers = [...this.linkFaults.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, layer]) => layer);
    if (layers.length === 0) return;
    const withBaseline = [{ faults: this.baseline, links: null }, ...layers];
    for (const assignment of composeLinkFaults(withBaseline, this.cluster.nodes)) {
      if (assignment.links === null) await this.cluster.setLinkFaults(assignment.faults);
      else await this.cluster.setLinkFaults(assignment.faults, assignment.links);
    }
  }
}

function heldBy(holds: ReadonlyMap<NodeName, number>, action: number): NodeName[] {
  return sortedEntries(holds)
    .filter(([, holder]) => holder === action)
    .map(([node]) => node);
}

function sortedEntries(holds: ReadonlyMap<NodeName, number>): [NodeName, number][] {
  return [...holds.entries()].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
}
