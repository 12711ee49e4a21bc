import { Nemesis, type NemesisSchedule } from "../chaos/index.js";
import type { Scenario } from "../scenario/index.js";
import {
  type FinalReadsReport,
  modelForWorkload,
  Workload,
  type WorkloadCounters,
} from "../workload/index.js";
import type { RunCluster } from "./run-cluster.js";
import type { RunRecorder } from "./run-recorder.js";

export type ExecutionPhase = "starting" | "running" | "final-reads" | "stopped";

export interface ExecutionReport {
  finalReads: FinalReadsReport | null;
  /** True when `stop()` cut the run short. */
  stoppedEarly: boolean;
  /** An error of the run's own machinery (not a stop, not the cluster's own failure); null if none. */
  error: unknown;
}

/**
 * The live part of a run: start the cluster, run the workload and the nemesis together for the
 * scenario's duration (the nemesis heals everything at its end), then the final reads, then stop
 * the cluster. Workload, nemesis and the schedule's rng each get their own split of the seed.
 *
 * `stop()` (Ctrl-C, the wall-clock cap) stops the workload and the nemesis and stops the cluster
 * at once: calls still in flight end `unknown`, so the history keeps them open, as the history
 * contract allows for a run cut short.
 */
export class RunExecution {
  readonly workload: Workload;
  readonly nemesis: Nemesis;
  private currentPhase: ExecutionPhase = "starting";
  private stopRequested = false;
  private clusterStopping: Promise<void> | null = null;

  constructor(
    private readonly scenario: Scenario,
    private readonly runCluster: RunCluster,
    schedule: NemesisSchedule,
    recorder: RunRecorder,
  ) {
    const { cluster } = runCluster;
    cluster.onEvent((event) => recorder.event(event));
    this.workload = new Workload(cluster, scenario.workload, {
      random: runCluster.random("workload"),
      record: (record) => recorder.record(record),
    });
    const { drop, duplicate, reorder } = scenario.network;
    this.nemesis = new Nemesis(cluster, schedule, {
      random: runCluster.random("nemesis"),
      record: (record) => recorder.record(record),
      baselineLinkFaults: { drop, duplicate, reorder },
    });
    // A process cluster whose node died unasked does not halt by itself, as the simulator does.
    runCluster.onFailure(() => this.halt());
  }

  get cluster() {
    return this.runCluster.cluster;
  }

  get phase(): ExecutionPhase {
    return this.currentPhase;
  }

  counters(): WorkloadCounters {
    return this.workload.counters();
  }

  /** Stops the run early (interrupt, time limit); what ran so far is checked. */
  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.halt();
  }

  private halt(): void {
    this.workload.stop();
    this.nemesis.stop();
    void this.stopCluster().catch(() => {});
  }

  /** One stop of the cluster, however many ask for it, so every caller waits for the same end. */
  private stopCluster(): Promise<void> {
    this.clusterStopping ??= this.runCluster.cluster.stop();
    return this.clusterStopping;
  }

  async run(onPhase: (phase: ExecutionPhase) => void): Promise<ExecutionReport> {
    const { cluster } = this.runCluster;
    const enter = (phase: ExecutionPhase) => {
      this.currentPhase = phase;
      onPhase(phase);
    };
    let error: unknown = null;
    let finalReads: FinalReadsReport | null = null;
    try {
      await cluster.start();
      enter("running");
      const settled = await Promise.allSettled([
        this.workload.run(this.scenario.durationMs),
        this.nemesis.run(),
      ]);
      error = this.unexplained(settled);
      if (error === null && this.mayContinue()) {
        enter("final-reads");
        finalReads = await this.finalReads();
      }
    } catch (thrown) {
      error = this.unexplained([{ status: "rejected", reason: thrown }]);
    }
    await this.stopCluster().catch((thrown: unknown) => {
      error ??= thrown;
    });
    enter("stopped");
    return { finalReads, stoppedEarly: this.stopRequested, error };
  }

  private async finalReads(): Promise<FinalReadsReport | null> {
    const report = await this.workload.finalReads({
      recoverWithinMs: this.scenario.checks.recoverWithinMs,
    });
    // Reads cut short by a stop or by the cluster's own failure say nothing about liveness.
    return this.mayContinue() ? report : null;
  }

  private mayContinue(): boolean {
    return !this.stopRequested && this.runCluster.failure() === null;
  }

  /** The first rejection that neither a stop nor the cluster's own failure explains. */
  private unexplained(settled: readonly PromiseSettledResult<unknown>[]): unknown {
    if (!this.mayContinue()) return null;
    const rejected = settled.find((result) => result.status === "rejected");
    return rejected === undefined ? null : (rejected as PromiseRejectedResult).reason;
  }
}

/** The history header's model for the scenario's workload. */
export function modelOf(scenario: Scenario) {
  return modelForWorkload(scenario.workload.kind);
}
