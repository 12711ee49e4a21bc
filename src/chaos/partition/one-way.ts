import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { requireNode } from "./require-node.js";

/**
 * An asymmetric partition: `node` can no longer send to anyone but still hears everyone. A
 * leader cut this way keeps receiving votes and acknowledgements it cannot answer; a follower
 * keeps hearing heartbeats while its own campaigns go nowhere.
 */
export function oneWay(nodes: readonly NodeName[], node: NodeName): PartitionSpec {
  requireNode(nodes, node);
  return {
    links: nodes.filter((other) => other !== node).map((other) => ({ from: node, to: other })),
  };
}
