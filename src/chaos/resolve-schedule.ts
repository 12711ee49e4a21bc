import type { NodeName, PartitionSpec } from "../cluster/types.js";
import { NemesisError } from "./errors.js";
import { bridge } from "./partition/bridge.js";
import { explicitGroups } from "./partition/groups.js";
import { randomHalves } from "./partition/halves.js";
import { isolateNode } from "./partition/isolate-node.js";
import { majoritiesRing } from "./partition/majorities-ring.js";
import { oneWay } from "./partition/one-way.js";
import { pick, type Random, randomIntBetween } from "./random.js";
import { randomFault } from "./random-fault.js";
import type {
  Fault,
  NemesisItem,
  NemesisSchedule,
  ScheduledAction,
  ScheduledFault,
} from "./types.js";
import { validateFault, validateItem } from "./validate.js";

/** A schedule longer than this is a mistake in the scenario (an `every` of a millisecond...). */
export const scheduledActionsMax = 10_000;

export interface ResolveOptions {
  /** The nemesis's seeded rng for the schedule (a split of the run's generator). */
  random: Random;
  durationMs: number;
  nodes: readonly NodeName[];
}

type Draft = Omit<ScheduledAction, "id">;

/**
 * Turns the nemesis items into the full list of timed actions, drawn from the rng: the same
 * items, rng state, duration and nodes always give the same schedule. Items are resolved in list
 * order; the result is sorted by time, then item, then the order an item produced its actions.
 * Every window is clipped to the run's end, where the nemesis heals everything anyway.
 */
export function resolveNemesisSchedule(
  items: readonly NemesisItem[],
  options: ResolveOptions,
): NemesisSchedule {
  const { durationMs, nodes } = options;
  if (!(durationMs >= 0))
    throw new NemesisError(`the run's duration must be at least 0 ms, got ${durationMs}`);
  if (nodes.length === 0) throw new NemesisError("the nemesis needs at least one node");
  const drafts: Draft[] = [];
  items.forEach((item, position) => {
    validateItem(item, position, nodes);
    for (const draft of itemDrafts(item, position, options)) {
      drafts.push(draft);
      if (drafts.length > scheduledActionsMax) {
        throw new NemesisError(
          `nemesis[${position}] makes more than ${scheduledActionsMax} actions: lengthen its period`,
        );
      }
    }
  });
  const actions = drafts
    .map((draft, order) => ({ draft, order }))
    .sort((a, b) => a.draft.atMs - b.draft.atMs || a.draft.item - b.draft.item || a.order - b.order)
    .map(({ draft }, id) => ({ id, ...draft }));
  return { durationMs, nodes: [...nodes], actions };
}

function itemDrafts(item: NemesisItem, position: number, options: ResolveOptions): Draft[] {
  const { durationMs, random, nodes } = options;
  const make = (atMs: number, fault: Fault, forMs: number | undefined): Draft => ({
    item: position,
    atMs,
    durationMs: windowMs(fault, forMs, durationMs - atMs),
    fault: prepareFault(fault, nodes, random),
  });
  if (item.schedule === "once") {
    return item.atMs < durationMs ? [make(item.atMs, item.fault, item.forMs)] : [];
  }
  const untilMs = Math.min(item.untilMs ?? durationMs, durationMs);
  const drafts: Draft[] = [];
  if (item.schedule === "periodic") {
    for (let atMs = item.fromMs ?? item.everyMs; atMs < untilMs; atMs += item.everyMs) {
      drafts.push(make(atMs, item.fault, item.forMs));
      if (drafts.length > scheduledActionsMax) break;
    }
    return drafts;
  }
  let atMs = (item.fromMs ?? 0) + randomIntBetween(random, item.everyMs[0], item.everyMs[1]);
  while (atMs < untilMs && drafts.length <= scheduledActionsMax) {
    const forMs = randomIntBetween(random, item.forMs[0], item.forMs[1]);
    const fault = randomFault(pick(random, item.faults), random, forMs);
    validateFault(fault, `nemesis[${position}]`, nodes);
    drafts.push(make(atMs, fault, forMs));
    atMs += randomIntBetween(random, item.everyMs[0], item.everyMs[1]);
  }
  return drafts;
}

/**
 * A crash or wipe lasts until its restart; other faults for the item's `forMs`, else the
 * fault's own; with neither, to the end of the run.
 */
function windowMs(fault: Fault, forMs: number | undefined, remainingMs: number): number {
  const ownMs =
    fault.kind === "crash" || fault.kind === "wipe" ? fault.restartAfterMs : fault.forMs;
  const chosenMs =
    fault.kind === "crash" || fault.kind === "wipe" ? (ownMs ?? forMs) : (forMs ?? ownMs);
  return Math.min(chosenMs ?? remainingMs, remainingMs);
}

/** Fixes now the partitions whose layout needs only the rng; see `ScheduledFault`. */
function prepareFault(fault: Fault, nodes: readonly NodeName[], random: Random): ScheduledFault {
  if (fault.kind !== "partition") return fault;
  const spec = rngOnlySpec(fault.shape, fault, nodes, random);
  return spec === null ? fault : { ...fault, spec };
}

function rngOnlySpec(
  shape: string,
  fault: Extract<Fault, { kind: "partition" }>,
  nodes: readonly NodeName[],
  random: Random,
): PartitionSpec | null {
  switch (shape) {
    case "random-halves":
      return randomHalves(nodes, random);
    case "majorities-ring":
      return majoritiesRing(nodes, random);
    case "bridge":
      return bridge(nodes, random);
    case "groups":
      return explicitGroups(nodes, fault.groups ?? []);
    case "isolate-node":
    case "one-way": {
      const target = fault.target ?? "random";
      if (target === "leader") return null;
      const node = target === "random" ? pick(random, nodes) : target;
      return shape === "one-way" ? oneWay(nodes, node) : isolateNode(nodes, node);
    }
    default:
      return null;
  }
}
