import type { NodeName } from "../cluster/types.js";

/**
 * Where to send the next call: the last node known to lead, else the nodes in turn. Shared by
 * all clients, so one client's discovery of a new leader serves the rest.
 */
export class LeaderTracker {
  private guess: NodeName | null = null;
  private turn = 0;

  constructor(private readonly nodes: readonly NodeName[]) {
    if (nodes.length === 0) throw new Error("a workload needs at least one node");
  }

  /** The node to try first. */
  target(): NodeName {
    return this.guess ?? this.nextInTurn();
  }

  /** A node other than `node` to try after it failed to answer. */
  after(node: NodeName): NodeName {
    if (this.guess === node) this.guess = null;
    const next = this.nextInTurn();
    return next === node && this.nodes.length > 1 ? this.nextInTurn() : next;
  }

  /** `node` answered as leader. */
  confirmed(node: NodeName): void {
    this.guess = node;
  }

  /** A node named `hint` as the leader; true when the hint is a node worth following. */
  hinted(hint: string | undefined, from: NodeName): boolean {
    if (hint === undefined || hint === from || !this.nodes.includes(hint)) return false;
    this.guess = hint;
    return true;
  }

  /** `node` said it cannot serve and knows no leader: stop sending there first. */
  failed(node: NodeName): void {
    if (this.guess === node) this.guess = null;
  }

  private nextInTurn(): NodeName {
    const node = this.nodes[this.turn % this.nodes.length] as NodeName;
    this.turn += 1;
    return node;
  }
}
