import type { Cluster } from "../cluster/types.js";
import type { RunPhase, RunProgress } from "./progress.js";
import type { RunExecution } from "./run-execution.js";

export const progressIntervalMsDefault = 100;

/**
 * Reports a run's progress on a wall-clock timer. `run` is not a deterministic room, and the
 * timer only reads (cluster time, node statuses, counters, active faults): in sim mode it never
 * schedules anything in the simulator, so it cannot change what the run does. The timer is
 * unref'd, so it never keeps the process alive.
 */
export class ProgressTicker {
  private timer: NodeJS.Timeout | null = null;
  private phase: RunPhase = "starting";
  private reading = false;
  /** A phase change came while a reading was out: report again when it ends, so none is missed. */
  private readAgain = false;

  constructor(
    private readonly options: {
      base: Pick<RunProgress, "runKey" | "scenario" | "seed" | "mode" | "durationMs">;
      cluster: Cluster;
      execution: RunExecution;
      report: (progress: RunProgress) => void;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    const intervalMs = this.options.intervalMs ?? progressIntervalMsDefault;
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  /** Sets the phase and reports at once. */
  enter(phase: RunPhase): void {
    this.phase = phase;
    if (this.reading) this.readAgain = true;
    else void this.tick();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    // One reading at a time: a slow status() in process mode must not pile up.
    if (this.reading) return;
    this.reading = true;
    try {
      this.options.report(await this.snapshot());
    } catch {
      // A status read that fails (a stopping cluster) only skips one progress report.
    } finally {
      this.reading = false;
    }
    if (this.readAgain) {
      this.readAgain = false;
      void this.tick();
    }
  }

  private async snapshot(): Promise<RunProgress> {
    const { cluster, execution } = this.options;
    const nodes = await cluster.status();
    const counters = execution.counters();
    return {
      ...this.options.base,
      phase: this.phase,
      scenarioTimeMs: cluster.clock.now(),
      nodes,
      activeFaults: execution.nemesis.activeFaults().map((fault) => fault.label),
      counts: { ok: counters.ok, fail: counters.fail, info: counters.info },
    };
  }
}
