import type { Link, NodeName, PartitionSpec } from "../../cluster/types.js";
import { type Random, shuffled } from "../random.js";

/**
 * Every node sees a majority, and no two nodes see the same majority (after Jepsen's
 * majorities-ring). The nodes are placed on a ring in a random order and each hears only the
 * nodes within ring distance `reach` of it, where `reach` is the smallest distance that shows it a
 * majority: exactly a majority for n = 4, 5, 9, one more than a majority where that cannot be
 * symmetric (n = 6, 7, 8). Unlike Jepsen's grudge we keep it symmetric for n >= 4, so a node never
 * hears a peer it cannot answer.
 *
 * With three nodes every symmetric choice shows someone all three, so there it is Jepsen's
 * directed cycle: each node stops hearing its successor on the ring (it still hears its
 * predecessor, a majority of two). One or two nodes have no such ring: nothing is cut.
 */
export function majoritiesRing(nodes: readonly NodeName[], random: Random): PartitionSpec {
  const ring = shuffled(random, nodes);
  const count = ring.length;
  if (count <= 2) return { links: [] };
  if (count === 3) {
    return {
      links: ring.map((node, position) => ({
        from: ring[(position + 1) % 3] as NodeName,
        to: node,
      })),
    };
  }
  const majority = Math.floor(count / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const links: Link[] = [];
  ring.forEach((from, fromPosition) => {
    ring.forEach((to, toPosition) => {
      const distance = Math.abs(fromPosition - toPosition);
      if (Math.min(distance, count - distance) > reach) links.push({ from, to });
    });
  });
  return { links };
}
