import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { type Random, shuffled } from "../random.js";
import { requireNode } from "./require-node.js";

/** A random minority (floor(n/2) nodes) against the majority, both chosen by the rng. */
export function randomHalves(nodes: readonly NodeName[], random: Random): PartitionSpec {
  const order = shuffled(random, nodes);
  const minoritySize = Math.floor(nodes.length / 2);
  return { groups: [sorted(order.slice(0, minoritySize)), sorted(order.slice(minoritySize))] };
}

/**
 * A minority (floor(n/2) nodes) that holds the current leader, against the rest: unlike random
 * halves it always forces an election on the majority side. Without a known leader it is random
 * halves.
 */
export function majorityMinority(
  nodes: readonly NodeName[],
  leader: NodeName | null,
  random: Random,
): PartitionSpec {
  if (leader === null) return randomHalves(nodes, random);
  requireNode(nodes, leader);
  const others = shuffled(
    random,
    nodes.filter((node) => node !== leader),
  );
  const minoritySize = Math.max(1, Math.floor(nodes.length / 2));
  const minority = [leader, ...others.slice(0, minoritySize - 1)];
  return { groups: [sorted(minority), sorted(others.slice(minoritySize - 1))] };
}

function sorted(nodes: NodeName[]): NodeName[] {
  return [...nodes].sort(compareNodes);
}

/** n2 before n10: node names compare by their number when they have one. */
export function compareNodes(left: NodeName, right: NodeName): number {
  return left.localeCompare(right, "en", { numeric: true });
}
