import type { LinkFaults, NodeName, NodeStatus, PartitionSpec } from "../cluster/types.js";
import type { FaultModel } from "./fault-model.js";
import { compareNodes, majorityMinority } from "./partition/halves.js";
import { isolateNode } from "./partition/isolate-node.js";
import { cutLinks, formatLink } from "./partition/links.js";
import { oneWay } from "./partition/one-way.js";
import type { Random } from "./random.js";
import { chooseTargets, currentLeader } from "./targets.js";
import type { NetworkFault, PartitionFault, ScheduledAction, ScheduledFault } from "./types.js";

/** What a fault did when it fired: the nodes it hit and the details worth recording. */
export interface FiredAction {
  targets: NodeName[];
  details: Record<string, unknown>;
  label: string;
}

export interface FireContext {
  model: FaultModel;
  nodes: readonly NodeName[];
  statuses: readonly NodeStatus[];
  random: Random;
}

/** Resolves the action's live targets (leader, random picks) and applies it through the model. */
export async function fireAction(
  action: ScheduledAction,
  context: FireContext,
): Promise<FiredAction> {
  const fault = action.fault;
  switch (fault.kind) {
    case "partition":
      return firePartition(action.id, fault, context);
    case "network":
      return fireNetwork(action.id, fault, context);
    case "clock-skew": {
      const targets = pickTargets(fault.target, context.model.eligibleForSkew(), context);
      await context.model.skew(action.id, targets, fault.rate);
      return fired(targets, { rate: fault.rate }, `clock-skew x${fault.rate}`);
    }
    default:
      return fireHold(action, fault, context);
  }
}

/** Crash, wipe and pause: faults that hold a node until their action ends. */
async function fireHold(
  action: ScheduledAction,
  fault: Extract<ScheduledFault, { kind: "crash" | "wipe" | "pause" }>,
  context: FireContext,
): Promise<FiredAction> {
  const targets = pickTargets(
    fault.target,
    context.model.eligibleForHold(context.statuses),
    context,
  );
  if (fault.kind === "pause") {
    await context.model.pause(action.id, targets);
    return fired(targets, {}, "pause");
  }
  if (fault.kind === "wipe") {
    await context.model.wipe(action.id, targets);
    return fired(targets, { restartAfterMs: action.durationMs }, "wipe");
  }
  const options = {
    loseUnsynced: fault.loseUnsynced ?? false,
    tornWrite: fault.tornWrite ?? false,
  };
  await context.model.crash(action.id, targets, options);
  const details = { ...options, restartAfterMs: action.durationMs };
  const flags = [
    options.loseUnsynced ? " lose-unsynced" : "",
    options.tornWrite ? " torn-write" : "",
  ];
  return fired(targets, details, `crash${flags.join("")}`);
}

function pickTargets(
  target: string,
  eligible: readonly NodeName[],
  context: FireContext,
): NodeName[] {
  return chooseTargets(target, {
    nodes: context.nodes,
    eligible,
    leader: currentLeader(context.statuses),
    random: context.random,
  });
}

async function firePartition(
  action: number,
  fault: ScheduledFault & PartitionFault,
  context: FireContext,
): Promise<FiredAction> {
  const spec = fault.spec ?? leaderPartition(fault, context);
  const label = `partition ${fault.shape}`;
  if (spec === null) return fired([], { shape: fault.shape, skipped: "no leader" }, label);
  await context.model.partition(action, spec);
  const layout = "groups" in spec ? { groups: spec.groups } : { cut: spec.links.map(formatLink) };
  return fired(partitionTargets(spec, context.nodes), { shape: fault.shape, ...layout }, label);
}

/** The shapes that need the live leader; null when there is none to single out. */
function leaderPartition(fault: PartitionFault, context: FireContext): PartitionSpec | null {
  const leader = currentLeader(context.statuses);
  if (fault.shape === "majority-minority")
    return majorityMinority(context.nodes, leader, context.random);
  if (leader === null) return null;
  return fault.shape === "one-way"
    ? oneWay(context.nodes, leader)
    : isolateNode(context.nodes, leader);
}

/** The nodes a partition cuts off: all but the largest group, or every node losing a link. */
function partitionTargets(spec: PartitionSpec, nodes: readonly NodeName[]): NodeName[] {
  if ("groups" in spec) {
    const largest = spec.groups.reduce(
      (best, group) => (group.length > best.length ? group : best),
      [],
    );
    return nodes.filter((node) => !largest.includes(node));
  }
  const touched = new Set(cutLinks(spec, nodes).flatMap((link) => [link.from, link.to]));
  return nodes.filter((node) => touched.has(node));
}

async function fireNetwork(
  action: number,
  fault: NetworkFault,
  context: FireContext,
): Promise<FiredAction> {
  const faults = activeLinkFaults(fault);
  const links = fault.links === undefined || fault.links === "all" ? null : fault.links;
  await context.model.setLinkFaults(action, { faults, links });
  const touched = new Set(links?.flatMap((link) => [link.from, link.to]) ?? context.nodes);
  const targets = context.nodes.filter((node) => touched.has(node));
  const described = Object.entries(faults).map(([name, value]) => `${name}=${String(value)}`);
  const scope = links === null ? "all links" : links.map(formatLink).join(",");
  const details = { ...faults, links: links === null ? "all" : links.map(formatLink) };
  return fired(targets, details, `network ${described.join(" ")} on ${scope}`);
}

/** The fault's parameters that change anything: zero probabilities and a [0, 0] delay are left out. */
function activeLinkFaults(fault: NetworkFault): LinkFaults {
  const faults: LinkFaults = {};
  if (fault.drop) faults.drop = fault.drop;
  if (fault.duplicate) faults.duplicate = fault.duplicate;
  if (fault.reorder) faults.reorder = fault.reorder;
  if (fault.delayMs !== undefined && fault.delayMs[1] > 0) faults.delayMs = fault.delayMs;
  return faults;
}

function fired(targets: NodeName[], details: Record<string, unknown>, what: string): FiredAction {
  const sortedTargets = [...targets].sort(compareNodes);
  if (sortedTargets.length === 0) {
    const skipped = details.skipped ?? "no eligible node";
    return {
      targets: [],
      details: { ...details, skipped },
      label: `${what} (skipped: ${skipped})`,
    };
  }
  return { targets: sortedTargets, details, label: `${what} (${sortedTargets.join(",")})` };
}
