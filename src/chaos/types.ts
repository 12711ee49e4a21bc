import type { Link, NodeName, PartitionSpec } from "../cluster/types.js";

/**
 * The nemesis's input (already resolved: durations in milliseconds, links parsed) and its
 * output: the schedule of timed actions saved with the run, and the records of what it did.
 * The run maps the scenario's `nemesis:` list onto `NemesisItem`s.
 */

export type FaultKind = "partition" | "crash" | "pause" | "network" | "clock-skew" | "wipe";

export const faultKinds: readonly FaultKind[] = [
  "partition",
  "crash",
  "pause",
  "network",
  "clock-skew",
  "wipe",
];

export type PartitionShape =
  | "isolate-node"
  | "isolate-leader"
  | "random-halves"
  | "majority-minority"
  | "majorities-ring"
  | "bridge"
  | "one-way"
  | "groups";

/**
 * Which nodes a node fault hits. `leader`, `random`, `random-minority` (1 to floor((n-1)/2)
 * nodes), `majority` (floor(n/2)+1) and `all` are chosen when the fault fires, from the live
 * cluster and the nemesis rng; any other string names one node.
 */
export type NodeTarget = "leader" | "random" | "random-minority" | "majority" | "all" | NodeName;

/** Whom a node-shaped partition (isolate-node, one-way) singles out. */
export type PartitionTarget = "leader" | "random" | NodeName;

export interface PartitionFault {
  kind: "partition";
  shape: PartitionShape;
  /** For isolate-node and one-way; default `random` (isolate-leader means `leader`). */
  target?: PartitionTarget;
  /** For shape `groups`. */
  groups?: NodeName[][];
  /** How long it lasts, when the item does not say (the scenario puts it here). */
  forMs?: number;
}

export interface CrashFault {
  kind: "crash";
  target: NodeTarget;
  loseUnsynced?: boolean;
  tornWrite?: boolean;
  /** Restart this long after the crash; absent: the item's `forMs`, else at the end of the run. */
  restartAfterMs?: number;
}

export interface PauseFault {
  kind: "pause";
  target: NodeTarget;
  forMs?: number;
}

export interface NetworkFault {
  kind: "network";
  drop?: number;
  duplicate?: number;
  reorder?: number;
  delayMs?: [number, number];
  /** The directed links it acts on; absent or "all": all links. */
  links?: Link[] | "all";
  forMs?: number;
}

export interface ClockSkewFault {
  kind: "clock-skew";
  target: NodeTarget;
  /** Tick rate: 2 = ticks twice as fast, 0.5 = half as fast. */
  rate: number;
  forMs?: number;
}

export interface WipeFault {
  kind: "wipe";
  target: NodeTarget;
  /** Restart (empty) this long after the wipe; absent: `forMs`, else at the end of the run. */
  restartAfterMs?: number;
}

export type Fault =
  | PartitionFault
  | CrashFault
  | PauseFault
  | NetworkFault
  | ClockSkewFault
  | WipeFault;

/**
 * One entry of the scenario's nemesis list, times in ms from the start of the run. The shape is
 * the scenario's resolved item (`src/scenario`), so the run can pass those straight in: a fault's
 * duration may sit on the item (`forMs`) or on the fault (the item's wins), and `untilMs: null`
 * means the end of the run.
 */
export type NemesisItem =
  | { schedule: "once"; atMs: number; forMs?: number; fault: Fault }
  | {
      schedule: "periodic";
      everyMs: number;
      /** First firing; default `everyMs` (one period in, so the cluster has a leader). */
      fromMs?: number;
      /** No firing at or after this; default (or null) the run's duration. */
      untilMs?: number | null;
      forMs?: number;
      fault: Fault;
    }
  | {
      schedule: "random";
      faults: FaultKind[];
      /** The gap before each next fault, drawn uniformly from [min, max]. */
      everyMs: [number, number];
      /** Each fault's duration, drawn uniformly from [min, max]. */
      forMs: [number, number];
      fromMs?: number;
      untilMs?: number | null;
    };

/**
 * A partition fault as scheduled: shapes whose layout depends only on the rng (random halves,
 * majorities-ring, bridge, groups, a named or random isolated node) carry their `spec` already;
 * shapes that depend on the live leader get it when they fire.
 */
export type ScheduledFault = Fault & { spec?: PartitionSpec };

/** One timed action of the resolved schedule. */
export interface ScheduledAction {
  /** Position in the schedule, from 0, in time order. */
  id: number;
  /** Which nemesis item produced it (its index in the list). */
  item: number;
  atMs: number;
  /** How long the fault lasts; the schedule clips it to the run's end. */
  durationMs: number;
  fault: ScheduledFault;
}

/** The resolved nemesis schedule: saved with the run, replayed exactly. */
export interface NemesisSchedule {
  durationMs: number;
  nodes: NodeName[];
  actions: ScheduledAction[];
}

/** What a fault did when it fired; `targets` are the nodes it hit. */
export interface NemesisActionValue {
  action: number;
  targets: NodeName[];
  [detail: string]: unknown;
}

/** A nemesis record in the history contract's shape (`process: "nemesis"`); the writer numbers it. */
export interface NemesisHistoryRecord {
  type: "info";
  process: "nemesis";
  f: FaultKind;
  value: NemesisActionValue;
  timeNs: number;
  /** When the fault is planned to end (its window), clipped to the run's end. */
  endNs: number;
}

/** A fault window, for the live view and for availability inside/outside faults. */
export interface FaultWindow {
  action: number;
  kind: FaultKind;
  /** A short human label, e.g. "partition isolate-leader (n3)". */
  label: string;
  targets: NodeName[];
  startMs: number;
  endMs: number;
}
