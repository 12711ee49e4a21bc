import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { type Random, shuffled } from "../random.js";
import { linksBetween } from "./links.js";

/**
 * Two halves that cannot talk to each other, joined by one bridge node that talks to both (after
 * Jepsen's bridge). With five nodes each side plus the bridge is a majority of three, so the
 * bridge can be elected by either side and a leader on one side can still commit through it.
 * The bridge is drawn by the rng; the other nodes are split evenly (the smaller half first).
 */
export function bridge(nodes: readonly NodeName[], random: Random): PartitionSpec {
  const [, ...rest] = shuffled(random, nodes);
  const leftSize = Math.floor(rest.length / 2);
  return { links: linksBetween(rest.slice(0, leftSize), rest.slice(leftSize)) };
}
