import { VirtualClock } from "../../cluster/testing/virtual-clock.js";
import type {
  Cluster,
  ClusterClient,
  CrashOptions,
  Link,
  LinkFaults,
  NodeName,
  NodeStatus,
  PartitionSpec,
} from "../../cluster/types.js";
import type { NodeEvent } from "../../history/events.js";

/**
 * A cluster for nemesis tests: it keeps which nodes are up and paused and who leads (set by the
 * test), and writes every fault call, stamped with virtual time, to `calls`. It refuses calls
 * that make no sense (crashing a crashed node, resuming a running one), so a nemesis that loses
 * track of its own faults fails the test.
 */
export class RecordingCluster implements Cluster {
  readonly mode = "sim" as const;
  readonly nodes: readonly NodeName[];
  readonly clock = new VirtualClock();
  readonly calls: string[] = [];
  leader: NodeName | null;
  private readonly down = new Set<NodeName>();
  private readonly paused = new Set<NodeName>();

  constructor(nodeCount: number, leader: NodeName | null = "n1") {
    this.nodes = Array.from({ length: nodeCount }, (_, position) => `n${position + 1}`);
    this.leader = leader;
  }

  private log(text: string): void {
    this.calls.push(`${this.clock.now()} ${text}`);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async partition(spec: PartitionSpec): Promise<void> {
    this.log(`partition ${JSON.stringify(spec)}`);
  }

  async heal(): Promise<void> {
    this.log("heal");
  }

  async setLinkFaults(faults: LinkFaults, links?: Link[]): Promise<void> {
    const where =
      links === undefined ? "all" : links.map((link) => `${link.from}->${link.to}`).join(",");
    this.log(`link-faults ${JSON.stringify(faults)} ${where}`);
  }

  async crash(node: NodeName, options: CrashOptions = {}): Promise<void> {
    if (this.down.has(node)) throw new Error(`${node} is already down`);
    this.down.add(node);
    this.log(`crash ${node} ${JSON.stringify(options)}`);
  }

  async restart(node: NodeName): Promise<void> {
    if (!this.down.delete(node)) throw new Error(`${node} is not down`);
    this.log(`restart ${node}`);
  }

  async pause(node: NodeName): Promise<void> {
    if (this.paused.has(node) || this.down.has(node)) throw new Error(`${node} cannot be paused`);
    this.paused.add(node);
    this.log(`pause ${node}`);
  }

  async resume(node: NodeName): Promise<void> {
    if (!this.paused.delete(node)) throw new Error(`${node} is not paused`);
    this.log(`resume ${node}`);
  }

  async wipe(node: NodeName): Promise<void> {
    if (!this.down.has(node)) throw new Error(`${node} must be down to be wiped`);
    this.log(`wipe ${node}`);
  }

  async setClockRate(node: NodeName, rate: number): Promise<void> {
    this.log(`clock-rate ${node} ${rate}`);
  }

  client(_clientId: string): ClusterClient {
    throw new Error("the recording cluster has no clients");
  }

  async status(): Promise<NodeStatus[]> {
    return this.nodes.map((node) => {
      const running = !this.down.has(node) && !this.paused.has(node);
      return {
        node,
        up: !this.down.has(node),
        paused: this.paused.has(node),
        role: running && node === this.leader ? "leader" : "follower",
        term: 1,
        commitIndex: 0,
        leader: running ? this.leader : null,
      };
    });
  }

  onEvent(_listener: (event: NodeEvent) => void): () => void {
    return () => {};
  }
}
