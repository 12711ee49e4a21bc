import type { NodeName } from "../cluster/types.js";
import { NemesisError } from "./errors.js";
import { type Fault, faultKinds, type NemesisItem, type PartitionShape } from "./types.js";

/** The shortest period a repeating schedule may have (`every`, the low end of `random.every`). */
export const nemesisEveryMsMin = 1;

/**
 * Checks a nemesis item before it is resolved. The scenario schema already validates what a user
 * writes; these checks guard the nemesis's own input (the run's mapping, tests, library use) and
 * name the item, so a slip there is a clear error rather than a strange run.
 */
export function validateItem(
  item: NemesisItem,
  position: number,
  nodes: readonly NodeName[],
): void {
  const where = `nemesis[${position}]`;
  if (item.schedule === "once") {
    requireAtLeast(item.atMs, 0, `${where}.at`);
    if (item.forMs !== undefined) requireAtLeast(item.forMs, 0, `${where}.for`);
    validateFault(item.fault, where, nodes);
    return;
  }
  if (item.fromMs !== undefined) requireAtLeast(item.fromMs, 0, `${where}.from`);
  if (item.untilMs !== undefined && item.untilMs !== null) {
    requireAtLeast(item.untilMs, 0, `${where}.until`);
  }
  if (item.schedule === "periodic") {
    requireAtLeast(item.everyMs, nemesisEveryMsMin, `${where}.every`);
    if (item.forMs !== undefined) requireAtLeast(item.forMs, 0, `${where}.for`);
    validateFault(item.fault, where, nodes);
    return;
  }
  if (item.faults.length === 0)
    throw new NemesisError(`${where}.random.faults is empty: list at least one fault`);
  for (const kind of item.faults) {
    if (!faultKinds.includes(kind)) {
      throw new NemesisError(
        `${where}.random.faults has '${kind}': expected one of ${faultKinds.join(", ")}`,
      );
    }
  }
  requireRange(item.everyMs, nemesisEveryMsMin, `${where}.random.every`);
  requireRange(item.forMs, 0, `${where}.random.for`);
}

const shapes: readonly PartitionShape[] = [
  "isolate-node",
  "isolate-leader",
  "random-halves",
  "majority-minority",
  "majorities-ring",
  "bridge",
  "one-way",
  "groups",
];
const targetWords = ["leader", "random", "random-minority", "majority", "all"];

export function validateFault(fault: Fault, where: string, nodes: readonly NodeName[]): void {
  if ("forMs" in fault && fault.forMs !== undefined) requireAtLeast(fault.forMs, 0, `${where}.for`);
  switch (fault.kind) {
    case "partition":
      if (!shapes.includes(fault.shape)) {
        throw new NemesisError(
          `${where}.shape is '${fault.shape}': expected one of ${shapes.join(", ")}`,
        );
      }
      if (fault.shape === "groups" && (fault.groups ?? []).length === 0) {
        throw new NemesisError(
          `${where}: shape groups needs groups, e.g. [[n1, n2], [n3, n4, n5]]`,
        );
      }
      if (fault.target !== undefined && fault.target !== "leader" && fault.target !== "random") {
        requireNodeName(fault.target, `${where}.target`, nodes);
      }
      return;
    case "network":
      for (const name of ["drop", "duplicate", "reorder"] as const)
        requireProbability(fault[name], `${where}.${name}`);
      if (fault.delayMs !== undefined) requireRange(fault.delayMs, 0, `${where}.delay`);
      for (const link of fault.links === "all" ? [] : (fault.links ?? [])) {
        requireNodeName(link.from, `${where}.links`, nodes);
        requireNodeName(link.to, `${where}.links`, nodes);
      }
      return;
    case "clock-skew":
      if (!(fault.rate > 0 && Number.isFinite(fault.rate))) {
        throw new NemesisError(
          `${where}.rate is ${fault.rate}: expected a positive number, e.g. 2 or 0.5`,
        );
      }
      requireTarget(fault.target, `${where}.target`, nodes);
      return;
    case "crash":
    case "wipe":
      if (fault.restartAfterMs !== undefined)
        requireAtLeast(fault.restartAfterMs, 0, `${where}.restartAfter`);
      requireTarget(fault.target, `${where}.target`, nodes);
      return;
    case "pause":
      requireTarget(fault.target, `${where}.target`, nodes);
      return;
    default:
      throw new NemesisError(
        `${where}.fault is '${(fault as { kind: string }).kind}': expected one of ${faultKinds.join(", ")}`,
      );
  }
}

function requireTarget(target: string, where: string, nodes: readonly NodeName[]): void {
  if (!targetWords.includes(target)) requireNodeName(target, where, nodes);
}

function requireNodeName(node: string, where: string, nodes: readonly NodeName[]): void {
  if (!nodes.includes(node)) {
    throw new NemesisError(
      `${where} names '${node}', which is not a node (nodes: ${nodes.join(", ")})`,
    );
  }
}

function requireAtLeast(value: number, minimum: number, where: string): void {
  if (!(value >= minimum && Number.isFinite(value))) {
    throw new NemesisError(`${where} is ${value} ms: expected at least ${minimum} ms`);
  }
}

function requireRange(range: readonly [number, number], minimum: number, where: string): void {
  requireAtLeast(range[0], minimum, `${where}[0]`);
  requireAtLeast(range[1], range[0], `${where}[1]`);
}

function requireProbability(value: number | undefined, where: string): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) {
    throw new NemesisError(`${where} is ${value}: expected a probability between 0 and 1`);
  }
}
