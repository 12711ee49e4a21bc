import type { ResolvedFault } from "./faults.js";
import type { NodeId } from "./fields.js";
import type { FieldPath, ProblemSink } from "./problem-sink.js";
import { formatDurationMs } from "./units.js";

/**
 * The checks that need the whole scenario in view: node ids against `cluster.nodes`, and fault
 * windows against `duration`. They run on nemesis items that are already resolved, and report
 * with paths from the scenario's root.
 */

type TimedItem =
  | { schedule: "once"; atMs: number; fault: ResolvedFault }
  | {
      schedule: "periodic";
      everyMs: number;
      fromMs: number;
      untilMs: number;
      fault: ResolvedFault;
    };
type RandomItem = {
  schedule: "random";
  forMs: [number, number];
  fromMs: number;
  untilMs: number;
};
export type CheckedItem = TimedItem | RandomItem;

function describeNodes(nodeIds: readonly NodeId[]): string {
  return nodeIds.length === 1 ? "only n1" : `n1..${nodeIds[nodeIds.length - 1]}`;
}

function checkNodeExists(
  node: string,
  path: FieldPath,
  nodeIds: readonly NodeId[],
  problems: ProblemSink,
) {
  if (!nodeIds.includes(node as NodeId)) {
    problems.add(path, `node ${node} does not exist; the cluster has ${describeNodes(nodeIds)}`);
  }
}

function checkGroups(
  groups: NodeId[][],
  path: FieldPath,
  nodeIds: readonly NodeId[],
  problems: ProblemSink,
) {
  const seen = new Set<string>();
  groups.forEach((group, groupIndex) => {
    group.forEach((node, nodeIndex) => {
      const nodePath = [...path, groupIndex, nodeIndex];
      checkNodeExists(node, nodePath, nodeIds, problems);
      if (seen.has(node)) problems.add(nodePath, `${node} is in more than one group`);
      seen.add(node);
    });
  });
  const missing = nodeIds.filter((node) => !seen.has(node));
  if (missing.length > 0) {
    problems.add(
      path,
      `every node must be in a group, but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} in none`,
    );
  }
}

function checkLinks(
  links: { from: NodeId; to: NodeId }[],
  path: FieldPath,
  nodeIds: readonly NodeId[],
  problems: ProblemSink,
) {
  const seen = new Set<string>();
  links.forEach(({ from, to }, index) => {
    const linkPath = [...path, index];
    const name = `${from}->${to}`;
    checkNodeExists(from, linkPath, nodeIds, problems);
    checkNodeExists(to, linkPath, nodeIds, problems);
    if (from === to)
      problems.add(linkPath, `${name} joins a node to itself; a link joins two nodes`);
    if (seen.has(name)) problems.add(linkPath, `${name} is listed twice`);
    seen.add(name);
  });
}

const chosenTargetNames: readonly string[] = [
  "leader",
  "random",
  "random-minority",
  "majority",
  "all",
];

/** The node the fault names directly, if it names one. */
function namedTarget(fault: ResolvedFault): string | null {
  if (fault.kind === "network") return null;
  if (fault.kind === "partition" && fault.shape !== "isolate-node" && fault.shape !== "one-way") {
    return null;
  }
  return chosenTargetNames.includes(fault.target) ? null : fault.target;
}

export function checkNodeReferences(
  items: readonly CheckedItem[],
  nodeIds: readonly NodeId[],
  problems: ProblemSink,
) {
  items.forEach((item, index) => {
    if (item.schedule === "random") return;
    const { fault } = item;
    const itemPath = ["nemesis", index];
    const target = namedTarget(fault);
    if (target !== null) checkNodeExists(target, [...itemPath, "target"], nodeIds, problems);
    if (fault.kind === "partition" && fault.shape === "groups") {
      checkGroups(fault.groups, [...itemPath, "groups"], nodeIds, problems);
    }
    if (fault.kind === "network" && fault.links !== "all") {
      checkLinks(fault.links, [...itemPath, "links"], nodeIds, problems);
    }
  });
}

/** How long one window of the fault lasts, and the key that sets it. */
function windowOf(fault: ResolvedFault): { windowMs: number; key: string } {
  if (fault.kind === "crash" || fault.kind === "wipe") {
    return { windowMs: fault.restartAfterMs, key: "restartAfter" };
  }
  return { windowMs: fault.forMs, key: "for" };
}

function checkRepeatingBounds(
  item: CheckedItem & { fromMs: number; untilMs: number },
  durationMs: number,
  itemPath: FieldPath,
  problems: ProblemSink,
): boolean {
  const text = formatDurationMs;
  if (item.untilMs > durationMs) {
    problems.add(
      [...itemPath, "until"],
      `until (${text(item.untilMs)}) is after the end of the scenario (duration ${text(durationMs)})`,
    );
    return false;
  }
  if (item.fromMs >= item.untilMs) {
    problems.add(
      [...itemPath, "from"],
      `from (${text(item.fromMs)}${item.schedule === "periodic" ? "; it defaults to every" : ""}) must come before until (${text(item.untilMs)})`,
    );
    return false;
  }
  return true;
}

function checkItemWindow(
  item: CheckedItem,
  durationMs: number,
  itemPath: FieldPath,
  problems: ProblemSink,
) {
  const text = formatDurationMs;
  if (item.schedule === "once") {
    const { windowMs, key } = windowOf(item.fault);
    const endMs = item.atMs + windowMs;
    if (item.atMs >= durationMs) {
      problems.add(
        itemPath,
        `the fault starts at ${text(item.atMs)}, after the end of the scenario (duration ${text(durationMs)})`,
      );
    } else if (endMs > durationMs) {
      const shorten =
        key === "restartAfter" ? "shorten restartAfter (1s when not given)" : `shorten ${key}`;
      problems.add(
        [...itemPath, key],
        `the fault would end at ${text(endMs)}, after the end of the scenario (duration ${text(durationMs)}); ${shorten} or start earlier`,
      );
    }
    return;
  }
  if (!checkRepeatingBounds(item, durationMs, itemPath, problems)) return;
  if (item.schedule === "random") {
    if (item.fromMs + item.forMs[0] > item.untilMs) {
      problems.add(
        [...itemPath, "random", "for"],
        `even the shortest fault (${text(item.forMs[0])}) would end after until (${text(item.untilMs)})`,
      );
    }
    return;
  }
  const { windowMs, key } = windowOf(item.fault);
  if (item.fromMs + windowMs > item.untilMs) {
    problems.add(
      [...itemPath, key],
      `the first window would end at ${text(item.fromMs + windowMs)}, after until (${text(item.untilMs)})`,
    );
  } else if (windowMs > item.everyMs) {
    problems.add(
      [...itemPath, key],
      `each window (${text(windowMs)}) is longer than every (${text(item.everyMs)}), so windows would overlap`,
    );
  }
}

export function checkWindowsWithinDuration(
  items: readonly CheckedItem[],
  durationMs: number,
  problems: ProblemSink,
) {
  items.forEach((item, index) => {
    checkItemWindow(item, durationMs, ["nemesis", index], problems);
  });
}
