import type { NodeName, NodeStatus } from "../cluster/types.js";
import { compareNodes } from "./partition/halves.js";
import { pick, type Random, randomIntBetween, shuffled } from "./random.js";
import type { NodeTarget } from "./types.js";

/**
 * The leader as the cluster reports it: a running node in the leader role. Two can claim it at
 * once (an old leader cut off in a minority); the one with the higher term is the real one.
 */
export function currentLeader(statuses: readonly NodeStatus[]): NodeName | null {
  const leaders = statuses
    .filter((status) => status.role === "leader" && status.up && !status.paused)
    .sort((a, b) => b.term - a.term || compareNodes(a.node, b.node));
  return leaders[0]?.node ?? null;
}

export interface TargetChoice {
  /** Every node of the cluster (sizes of minorities and majorities count them all). */
  nodes: readonly NodeName[];
  /** The nodes the fault may hit now (e.g. running and not already held by another fault). */
  eligible: readonly NodeName[];
  leader: NodeName | null;
  random: Random;
}

/**
 * Resolves a target against the live cluster. A choice may come out smaller than asked, or
 * empty, when too few nodes are eligible (the leader is already crashed, say): the nemesis then
 * records what it could do rather than failing the run.
 */
export function chooseTargets(target: NodeTarget, choice: TargetChoice): NodeName[] {
  const { nodes, eligible, leader, random } = choice;
  const count = nodes.length;
  switch (target) {
    case "leader":
      return leader !== null && eligible.includes(leader) ? [leader] : [];
    case "random":
      return eligible.length === 0 ? [] : [pick(random, eligible)];
    case "random-minority":
      return someOf(
        eligible,
        randomIntBetween(random, 1, Math.max(1, Math.floor((count - 1) / 2))),
        random,
      );
    case "majority":
      return someOf(eligible, Math.floor(count / 2) + 1, random);
    case "all":
      return [...eligible];
    default:
      return eligible.includes(target) ? [target] : [];
  }
}

function someOf(eligible: readonly NodeName[], size: number, random: Random): NodeName[] {
  return shuffled(random, eligible).slice(0, size).sort(compareNodes);
}
