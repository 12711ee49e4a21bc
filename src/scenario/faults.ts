import type { NodeId } from "./fields.js";
import {
  type FaultKind,
  faultKinds,
  faultParameterKeys,
  type NemesisItemInput,
  type PartitionShape,
  parametersByFault,
  partitionShapes,
  windowedFaults,
} from "./nemesis-input.js";
import type { ProblemSink } from "./problem-sink.js";

/** How long a crashed or wiped node stays down when the scenario does not say. */
export const defaultRestartAfterMs = 1000;

const singleNodeTargetsText = "random, leader or a node id such as n1";
const singleNodeShapes: readonly PartitionShape[] = ["isolate-node", "one-way"];

function listOf(values: readonly string[]): string {
  return values.join(", ");
}

/** Reports every parameter given that does not belong to `fault`, naming where it belongs. */
function checkParametersBelong(item: NemesisItemInput, fault: FaultKind, problems: ProblemSink) {
  for (const key of faultParameterKeys) {
    if (item[key] === undefined || parametersByFault[fault].includes(key)) continue;
    const owners = faultKinds.filter((kind) => parametersByFault[kind].includes(key));
    problems.add([key], `${key} is a parameter of ${owners.join(" and ")}, not of ${fault}`, "key");
  }
  if (windowedFaults.includes(fault) && item.for === undefined) {
    problems.add(["for"], `missing; a ${fault} fault needs for: how long until it is undone`);
  }
  if (!windowedFaults.includes(fault) && item.for !== undefined) {
    problems.add(
      ["for"],
      `a ${fault} ends when the node restarts: use restartAfter, not for`,
      "key",
    );
  }
}

function resolvePartition(item: NemesisItemInput, forMs: number, problems: ProblemSink) {
  const { shape, target, groups } = item;
  if (shape === undefined) {
    problems.add(["shape"], `missing; expected one of ${listOf(partitionShapes)}`);
    return null;
  }
  const problemsBefore = problems.count;
  const takesTarget = singleNodeShapes.includes(shape);
  if (target !== undefined && !takesTarget) {
    problems.add(
      ["target"],
      `shape ${shape} takes no target; only isolate-node and one-way do`,
      "key",
    );
  }
  if (takesTarget && (target === "random-minority" || target === "majority" || target === "all")) {
    problems.add(["target"], `shape ${shape} cuts off one node: expected ${singleNodeTargetsText}`);
  }
  if (groups !== undefined && shape !== "groups") {
    problems.add(["groups"], `groups applies only to shape groups, not ${shape}`, "key");
  }
  if (groups === undefined && shape === "groups") {
    problems.add(["groups"], "missing; shape groups needs groups, e.g. [[n1, n2], [n3, n4, n5]]");
  }
  if (problems.count > problemsBefore) return null;
  if (shape === "groups") return { kind: "partition" as const, shape, groups: groups ?? [], forMs };
  if (shape === "isolate-node" || shape === "one-way") {
    // The checks above leave only a single-node target here.
    const singleTarget = (target ?? "random") as "random" | "leader" | NodeId;
    return { kind: "partition" as const, shape, target: singleTarget, forMs };
  }
  return { kind: "partition" as const, shape, forMs };
}

function resolveNetwork(item: NemesisItemInput, forMs: number, problems: ProblemSink) {
  const fault = {
    kind: "network" as const,
    drop: item.drop ?? 0,
    duplicate: item.duplicate ?? 0,
    reorder: item.reorder ?? 0,
    delayMs: item.delay ?? ([0, 0] as [number, number]),
    links: item.links ?? ("all" as const),
    forMs,
  };
  const changesNothing =
    fault.drop === 0 && fault.duplicate === 0 && fault.reorder === 0 && fault.delayMs[1] === 0;
  if (changesNothing) {
    problems.add([], "a network fault needs at least one of drop, duplicate, reorder, delay");
    return null;
  }
  return fault;
}

function resolveClockSkew(item: NemesisItemInput, forMs: number, problems: ProblemSink) {
  if (item.rate === undefined) {
    problems.add(["rate"], "missing; clock-skew needs rate, e.g. 2 (twice as fast) or 0.5");
    return null;
  }
  if (item.rate === 1) {
    problems.add(["rate"], "rate 1 leaves the clock as it is; use e.g. 2 or 0.5");
    return null;
  }
  return { kind: "clock-skew" as const, target: item.target ?? "random", rate: item.rate, forMs };
}

/**
 * The fault of a one-shot or periodic item, with its defaults filled, or null once every
 * problem with it has been reported.
 */
export function resolveFault(item: NemesisItemInput, problems: ProblemSink) {
  if (item.fault === undefined) {
    problems.add(["fault"], `missing; expected one of ${listOf(faultKinds)}`);
    return null;
  }
  const problemsBefore = problems.count;
  checkParametersBelong(item, item.fault, problems);
  const forMs = item.for ?? 0;
  const target = item.target ?? "random";
  const restartAfterMs = item.restartAfter ?? defaultRestartAfterMs;
  const fault = (() => {
    switch (item.fault) {
      case "partition":
        return resolvePartition(item, forMs, problems);
      case "crash":
        return {
          kind: "crash" as const,
          target,
          loseUnsynced: item.loseUnsynced ?? false,
          tornWrite: item.tornWrite ?? false,
          restartAfterMs,
        };
      case "pause":
        return { kind: "pause" as const, target, forMs };
      case "network":
        return resolveNetwork(item, forMs, problems);
      case "clock-skew":
        return resolveClockSkew(item, forMs, problems);
      case "wipe":
        return { kind: "wipe" as const, target, restartAfterMs };
    }
  })();
  return problems.count > problemsBefore ? null : fault;
}

export type ResolvedFault = NonNullable<ReturnType<typeof resolveFault>>;

/** Reported when an item with `random` also names a fault or its parameters. */
export function checkRandomItemHasNoFault(item: NemesisItemInput, problems: ProblemSink) {
  for (const key of ["fault", ...faultParameterKeys] as const) {
    if (item[key] !== undefined) {
      problems.add(
        [key],
        `a random schedule draws its faults from random.faults; remove ${key}`,
        "key",
      );
    }
  }
  for (const key of ["at", "every", "for"] as const) {
    if (item[key] !== undefined) {
      problems.add(
        [key],
        `a random schedule takes its timing from random.every and random.for and from/until; remove ${key}`,
        "key",
      );
    }
  }
}
