import type { Cluster, LinkFaults } from "../cluster/types.js";
import { FaultModel } from "./fault-model.js";
import { fireAction } from "./fire-action.js";
import type { Random } from "./random.js";
import type {
  FaultWindow,
  NemesisHistoryRecord,
  NemesisSchedule,
  ScheduledAction,
} from "./types.js";

export interface NemesisOptions {
  /** The nemesis's seeded rng for choices made when a fault fires (a split of the run's). */
  random: Random;
  /** Receives one record per action, when it fires. */
  record?: (record: NemesisHistoryRecord) => void;
  /** Cluster time (ms) the schedule's times count from; default: the clock when `run` starts. */
  startMs?: number;
  /**
   * The link faults the cluster has when no network fault is active (the scenario's `network:`
   * drop, duplicate, reorder); network faults compose on top and ending them restores it.
   * Default none.
   */
  baselineLinkFaults?: LinkFaults;
}

export interface NemesisReport {
  /**
   * Every fault window, in the order the faults fired; ends are actual (stop or heal). Faults
   * that found nothing to hit are not windows (they are in the records, marked `skipped`).
   */
  windows: FaultWindow[];
  /** When everything was healed at the end; null if the nemesis was stopped first. */
  healedAtMs: number | null;
  stopped: boolean;
}

interface TimelineStep {
  atMs: number;
  kind: "start" | "end";
  action: ScheduledAction;
}

/**
 * Runs a resolved schedule against a cluster in cluster time (`clock.sleep`), so in sim mode it
 * is as deterministic as the simulator: the same schedule, rng and cluster give the same records.
 * At each instant the faults that end are undone before those that start (in schedule order);
 * after the run's duration everything is healed. `stop()` ends `run()` at once, without healing
 * (the run stops the cluster anyway).
 */
export class Nemesis {
  private readonly model: FaultModel;
  private readonly active = new Map<number, FaultWindow>();
  private readonly finished: FaultWindow[] = [];
  private stopRequested = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly schedule: NemesisSchedule,
    private readonly options: NemesisOptions,
  ) {
    this.model = new FaultModel(cluster, options.baselineLinkFaults);
  }

  /** The faults in force now, oldest first. */
  activeFaults(): FaultWindow[] {
    return [...this.active.values()];
  }

  /** Every window so far: ended ones, then the active ones (with their planned end). */
  windows(): FaultWindow[] {
    return [...this.finished, ...this.active.values()].sort((a, b) => a.action - b.action);
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  async run(): Promise<NemesisReport> {
    const startMs = this.options.startMs ?? this.cluster.clock.now();
    for (const step of timeline(this.schedule, startMs)) {
      if (!(await this.sleepUntil(step.atMs))) return this.report(null);
      if (step.kind === "start") await this.start(step.action, startMs);
      else await this.end(step.action.id);
      if (this.stopRequested) return this.report(null);
    }
    if (!(await this.sleepUntil(startMs + this.schedule.durationMs))) return this.report(null);
    await this.model.healAll();
    const healedAtMs = this.cluster.clock.now();
    for (const window of this.active.values()) this.finished.push({ ...window, endMs: healedAtMs });
    this.active.clear();
    return this.report(healedAtMs);
  }

  private async start(action: ScheduledAction, startMs: number): Promise<void> {
    const result = await this.fireUnlessOverdue(action, startMs);
    const nowMs = this.cluster.clock.now();
    // A fault that found nothing to hit (no leader, every node already held) was never in
    // force: it is recorded, as a zero-length band, but opens no window.
    const skipped = result.details.skipped !== undefined;
    const plannedEndMs = Math.min(nowMs + action.durationMs, startMs + this.schedule.durationMs);
    const endMs = skipped ? nowMs : plannedEndMs;
    const kind = action.fault.kind;
    if (!skipped) {
      const { label, targets } = result;
      this.active.set(action.id, {
        action: action.id,
        kind,
        label,
        targets,
        startMs: nowMs,
        endMs,
      });
    }
    this.options.record?.({
      type: "info",
      process: "nemesis",
      f: kind,
      value: { action: action.id, targets: result.targets, ...result.details },
      timeNs: toNs(nowMs),
      endNs: toNs(endMs),
    });
  }

  /**
   * Fires the action, unless the nemesis has fallen so far behind its schedule that the whole
   * window of the action has already passed (in process mode a crash or restart takes real
   * time, and a dense schedule can fall seconds behind). Such an action is recorded as skipped,
   * like one that found nothing to hit, so the nemesis catches up with its schedule instead of
   * running every late fault into the time the scenario meant to be quiet.
   */
  private async fireUnlessOverdue(action: ScheduledAction, startMs: number) {
    const plannedEndMs = startMs + action.atMs + action.durationMs;
    const lateMs = this.cluster.clock.now() - (startMs + action.atMs);
    if (action.durationMs > 0 && this.cluster.clock.now() >= plannedEndMs) {
      const skipped = `overdue: the nemesis was ${Math.round(lateMs)}ms behind its schedule`;
      return {
        targets: [],
        details: { skipped },
        label: `${action.fault.kind} (skipped: ${skipped})`,
      };
    }
    const statuses = await this.cluster.status();
    return fireAction(action, {
      model: this.model,
      nodes: this.cluster.nodes,
      statuses,
      random: this.options.random,
    });
  }

  private async end(action: number): Promise<void> {
    await this.model.end(action);
    const window = this.active.get(action);
    if (window === undefined) return;
    this.active.delete(action);
    this.finished.push({ ...window, endMs: this.cluster.clock.now() });
  }

  /** Sleeps in cluster time until `atMs`; false when stopped meanwhile. */
  private async sleepUntil(atMs: number): Promise<boolean> {
    const waitMs = atMs - this.cluster.clock.now();
    if (waitMs > 0 && !this.stopRequested) {
      const stopped = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      await Promise.race([this.cluster.clock.sleep(waitMs), stopped]);
      this.wake = null;
    }
    return !this.stopRequested;
  }

  private report(healedAtMs: number | null): NemesisReport {
    return { windows: this.windows(), healedAtMs, stopped: healedAtMs === null };
  }
}

/** Runs a schedule to its end (see `Nemesis`). */
export function executeNemesis(
  cluster: Cluster,
  schedule: NemesisSchedule,
  options: NemesisOptions,
): Promise<NemesisReport> {
  return new Nemesis(cluster, schedule, options).run();
}

/**
 * Starts and ends in time order. At one instant the ends of faults that started earlier come
 * first, then starts (by action), then the ends of faults that last no time at all.
 */
function timeline(schedule: NemesisSchedule, startMs: number): TimelineStep[] {
  const endMs = startMs + schedule.durationMs;
  const steps = schedule.actions.flatMap((action) => {
    const atMs = startMs + action.atMs;
    const untilMs = Math.min(atMs + action.durationMs, endMs);
    return [
      { atMs, kind: "start" as const, action, phase: 1 },
      { atMs: untilMs, kind: "end" as const, action, phase: untilMs === atMs ? 2 : 0 },
    ];
  });
  steps.sort((a, b) => a.atMs - b.atMs || a.phase - b.phase || a.action.id - b.action.id);
  return steps.map(({ atMs, kind, action }) => ({ atMs, kind, action }));
}

function toNs(timeMs: number): number {
  return Math.round(timeMs * 1_000_000);
}
