import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { requireNode } from "./require-node.js";

/** `node` alone on one side, every other node together on the other. */
export function isolateNode(nodes: readonly NodeName[], node: NodeName): PartitionSpec {
  requireNode(nodes, node);
  return { groups: [[node], nodes.filter((other) => other !== node)] };
}
