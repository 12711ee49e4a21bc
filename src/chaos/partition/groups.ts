import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { NemesisError } from "../errors.js";
import { requireNode } from "./require-node.js";

/**
 * Groups given by name. Each node may appear in one group only; nodes left out of every group
 * form one more group together, so the result always places every node.
 */
export function explicitGroups(
  nodes: readonly NodeName[],
  groups: readonly (readonly NodeName[])[],
): PartitionSpec {
  const seen = new Set<NodeName>();
  for (const group of groups) {
    if (group.length === 0)
      throw new NemesisError("a partition group is empty: list at least one node");
    for (const node of group) {
      requireNode(nodes, node);
      if (seen.has(node)) throw new NemesisError(`${node} is in more than one partition group`);
      seen.add(node);
    }
  }
  const leftOut = nodes.filter((node) => !seen.has(node));
  const result = groups.map((group) => [...group]);
  if (leftOut.length > 0) result.push(leftOut);
  return { groups: result };
}
