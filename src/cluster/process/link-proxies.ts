import type { LoopbackAddress } from "../../raft/node/transport/loopback.js";
import { loopbackHost } from "../../raft/node/transport/loopback.js";
import type { Link, LinkFaults, NodeName, PartitionSpec } from "../types.js";
import { LinkProxy } from "./link-proxy.js";
import { noFaults, type ProxyFaults, validateProxyFaults } from "./proxy-faults.js";
import { deriveSeed } from "./seeded-random.js";

export function linkName(link: Link): string {
  return `${link.from}->${link.to}`;
}

/**
 * Every directed link of a cluster behind its own proxy: n nodes, n·(n−1) proxies. The Cluster
 * interface's `partition`, `heal` and `setLinkFaults` map onto them. A partition is a set of cut
 * links kept apart from the link faults, so `heal` restores the faults that were set before it.
 */
export class LinkProxies {
  private readonly cutLinks = new Set<string>();
  private readonly linkFaults = new Map<string, LinkFaults>();

  private constructor(
    readonly nodes: readonly NodeName[],
    private readonly proxies: Map<string, LinkProxy>,
  ) {}

  static async start(options: {
    nodes: readonly NodeName[];
    seed: number;
    /** The largest frame a node sends (its peer frame bound); larger ones close the connection. */
    frameBytesMax?: number;
    log?: (line: string) => void;
  }): Promise<LinkProxies> {
    if (new Set(options.nodes).size !== options.nodes.length) {
      throw new Error(`node names must be unique: ${options.nodes.join(", ")}`);
    }
    const proxies = new Map<string, LinkProxy>();
    try {
      for (const from of options.nodes) {
        for (const to of options.nodes) {
          if (from === to) continue;
          const name = linkName({ from, to });
          const seed = deriveSeed(options.seed, `link ${name}`);
          proxies.set(
            name,
            await LinkProxy.start({
              name,
              upstreamPort: null,
              seed,
              log: options.log,
              ...(options.frameBytesMax === undefined
                ? {}
                : { frameBytesMax: options.frameBytesMax }),
            }),
          );
        }
      }
    } catch (error) {
      await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
      throw error;
    }
    return new LinkProxies(options.nodes, proxies);
  }

  proxy(link: Link): LinkProxy {
    const proxy = this.proxies.get(linkName(link));
    if (proxy === undefined)
      throw new Error(`no link ${linkName(link)} among ${this.nodes.join(", ")}`);
    return proxy;
  }

  /** The address node `from` must dial to send to `to`: the proxy on that link. */
  addressFor(link: Link): LoopbackAddress {
    return { host: loopbackHost, port: this.proxy(link).port };
  }

  /** Where `node` now listens for peers (null while it is down): every proxy into it follows. */
  setNodePort(node: NodeName, port: number | null): void {
    for (const from of this.nodes) {
      if (from !== node) this.proxy({ from, to: node }).setUpstreamPort(port);
    }
  }

  /**
   * Replaces the current partition (as the simulator does). Groups: nodes in different groups
   * cannot talk, both ways; nodes no group names form one more group together. Links: exactly
   * those directed links are cut, the reverse directions untouched (a one-way partition).
   */
  partition(spec: PartitionSpec): void {
    const cut = "groups" in spec ? this.linksBetweenGroups(spec.groups) : spec.links;
    for (const link of cut) this.proxy(link); // validates every name before changing anything
    this.cutLinks.clear();
    for (const link of cut) this.cutLinks.add(linkName(link));
    this.apply();
  }

  heal(): void {
    this.cutLinks.clear();
    this.apply();
  }

  /** Sets faults on every link, or only on `links`; `{}` clears them. */
  setLinkFaults(faults: LinkFaults, links?: readonly Link[]): void {
    const names = links === undefined ? [...this.proxies.keys()] : links.map(linkName);
    for (const link of links ?? []) this.proxy(link);
    validateProxyFaults(toProxyFaults(faults, false));
    for (const name of names) this.linkFaults.set(name, { ...faults });
    this.apply();
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.close()));
  }

  /** What every proxy refused so far: oversize or garbled frames, excess and idle connections. */
  rejections(): {
    framesRejected: number;
    connectionsRejected: number;
    connectionsIdleClosed: number;
  } {
    const total = { framesRejected: 0, connectionsRejected: 0, connectionsIdleClosed: 0 };
    for (const proxy of this.proxies.values()) {
      const stats = proxy.stats();
      total.framesRejected += stats.framesRejected;
      total.connectionsRejected += stats.connectionsRejected;
      total.connectionsIdleClosed += stats.connectionsIdleClosed;
    }
    return total;
  }

  private apply(): void {
    for (const [name, proxy] of this.proxies) {
      proxy.setFaults(toProxyFaults(this.linkFaults.get(name) ?? {}, this.cutLinks.has(name)));
    }
  }

  private linksBetweenGroups(groups: NodeName[][]): Link[] {
    const groupOf = new Map<NodeName, number>();
    groups.forEach((group, index) => {
      for (const node of group) {
        if (!this.nodes.includes(node)) throw new Error(`partition names unknown node ${node}`);
        if (groupOf.has(node)) throw new Error(`partition puts ${node} in two groups`);
        groupOf.set(node, index);
      }
    });
    const links: Link[] = [];
    for (const from of this.nodes) {
      for (const to of this.nodes) {
        const unnamed = groups.length;
        if (from !== to && (groupOf.get(from) ?? unnamed) !== (groupOf.get(to) ?? unnamed)) {
          links.push({ from, to });
        }
      }
    }
    return links;
  }
}

function toProxyFaults(faults: LinkFaults, cut: boolean): ProxyFaults {
  return {
    ...noFaults,
    cut,
    drop: faults.drop ?? 0,
    duplicate: faults.duplicate ?? 0,
    reorder: faults.reorder ?? 0,
    delayMs: faults.delayMs ?? [0, 0],
  };
}
