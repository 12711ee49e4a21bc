import type { NodeName } from "../../cluster/types.js";
import { NemesisError } from "../errors.js";

export function requireNode(nodes: readonly NodeName[], node: NodeName): void {
  if (!nodes.includes(node)) {
    throw new NemesisError(`${node} is not a node of this cluster (nodes: ${nodes.join(", ")})`);
  }
}
