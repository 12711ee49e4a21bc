import type { Cluster } from "../cluster/types.js";
import type { ClientRecordInput } from "../history/writer.js";
import { type FinalReadsOptions, type FinalReadsReport, runFinalReads } from "./final-reads.js";
import { type Completion, OperationGenerator } from "./generator.js";
import { LeaderTracker } from "./leader-tracker.js";
import type { PlannedOperation } from "./operation.js";
import { validateWorkloadOptions, type WorkloadOptions } from "./options.js";
import { exponentialGapMs, type Random } from "./random.js";
import { RecordingClient } from "./recording-client.js";

export interface WorkloadDependencies {
  /** The workload's seeded rng (a split of the run's generator). */
  random: Random;
  /** Receives every client record as it happens; the history writer numbers them. */
  record: (record: ClientRecordInput) => void;
}

/** Progress, readable at any time. */
export interface WorkloadCounters {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
  /** Arrivals dropped because every client was busy (see `Workload`). */
  skipped: number;
  inFlight: number;
  /** Keys retired after their `opsPerKey` operations. */
  keysRetired: number;
}

/**
 * The open-loop load: arrivals come at exponential gaps (a Poisson process at `rate` per
 * second, drawn from the rng), whatever the cluster does, so a slow or unavailable cluster meets
 * the same demand. Each arrival goes to a client with nothing in flight, the next in turn after
 * the last one used; when every client is busy the arrival is skipped and counted — not queued,
 * since a queue would turn the open loop into a closed one and hide unavailability behind a
 * backlog that bursts when the cluster heals. Operations run concurrently in cluster time, so
 * on the simulator the whole load is as deterministic as the simulator.
 */
export class Workload {
  private readonly generator: OperationGenerator;
  private readonly clients: RecordingClient[];
  private readonly tally = { invoked: 0, ok: 0, fail: 0, info: 0, skipped: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private nextSlot = 0;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private firstError: unknown = null;
  private readonly random: Random;

  constructor(
    private readonly cluster: Cluster,
    private readonly options: WorkloadOptions,
    dependencies: WorkloadDependencies,
  ) {
    validateWorkloadOptions(options);
    this.generator = new OperationGenerator(options, dependencies.random);
    this.clients = makeClients(cluster, options, dependencies.record);
    this.random = dependencies.random;
  }

  counters(): WorkloadCounters {
    return {
      ...this.tally,
      inFlight: this.inFlight.size,
      keysRetired: this.generator.keys.retired,
    };
  }

  /** The keys in use now. */
  activeKeys(): string[] {
    return this.generator.keys.active().map((key) => key.name);
  }

  /** Stops issuing operations; `run()` then waits only for those in flight. */
  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** Issues operations for `durationMs` of cluster time, then waits for those in flight. */
  async run(durationMs: number): Promise<WorkloadCounters> {
    const clock = this.cluster.clock;
    const endMs = clock.now() + durationMs;
    const meanGapMs = 1000 / this.options.rate;
    const nextGapMs = () =>
      this.options.rate > 0 ? exponentialGapMs(this.random, meanGapMs) : Number.POSITIVE_INFINITY;
    let arrivalMs = clock.now() + nextGapMs();
    while (arrivalMs < endMs && !this.stopRequested && this.firstError === null) {
      await this.sleepUntil(arrivalMs);
      if (this.stopRequested) break;
      this.dispatch();
      arrivalMs += nextGapMs();
    }
    if (!this.stopRequested && this.firstError === null) await this.sleepUntil(endMs);
    await Promise.all([...this.inFlight]);
    if (this.firstError !== null) throw this.firstError;
    return this.counters();
  }

  /**
   * The final phase, after the nemesis healed everything: wait for a leader, then read every key
   * in use once, all within `recoverWithinMs` (see `runFinalReads`).
   */
  finalReads(options: FinalReadsOptions): Promise<FinalReadsReport> {
    if (this.inFlight.size > 0) {
      throw new Error("final reads start after run() has ended and its operations are done");
    }
    return runFinalReads({
      cluster: this.cluster,
      clients: this.clients,
      keys: this.generator.keys.active(),
      options,
      readFunction: this.options.kind === "kv" ? "get" : "read",
      perform: (client, operation, deadlineMs) => this.perform(client, operation, deadlineMs),
    });
  }

  private dispatch(): void {
    const client = this.idleClient();
    if (client === null) {
      this.tally.skipped += 1;
      return;
    }
    const operation = this.generator.next(client.slot);
    const running = this.perform(client.client, operation).then(
      () => undefined,
      (error: unknown) => {
        this.firstError ??= error;
      },
    );
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }

  private async perform(
    client: RecordingClient,
    operation: PlannedOperation,
    deadlineMs?: number,
  ): Promise<Completion> {
    this.tally.invoked += 1;
    const completion = await client.perform(operation, deadlineMs);
    this.tally[completion.type] += 1;
    this.generator.learn(operation, client.slot, completion);
    return completion;
  }

  private idleClient(): { slot: number; client: RecordingClient } | null {
    for (let offset = 0; offset < this.clients.length; offset += 1) {
      const slot = (this.nextSlot + offset) % this.clients.length;
      const client = this.clients[slot] as RecordingClient;
      if (!client.busy) {
        this.nextSlot = (slot + 1) % this.clients.length;
        return { slot, client };
      }
    }
    return null;
  }

  private async sleepUntil(atMs: number): Promise<void> {
    const waitMs = atMs - this.cluster.clock.now();
    if (waitMs <= 0 || this.stopRequested) return;
    const stopped = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    await Promise.race([this.cluster.clock.sleep(waitMs), stopped]);
    this.wake = null;
  }
}

function makeClients(
  cluster: Cluster,
  options: WorkloadOptions,
  record: WorkloadDependencies["record"],
): RecordingClient[] {
  const tracker = new LeaderTracker(cluster.nodes);
  let nextProcess = options.clients;
  const newProcess = () => {
    nextProcess += 1;
    return nextProcess - 1;
  };
  return Array.from(
    { length: options.clients },
    (_, slot) =>
      new RecordingClient({
        slot,
        client: cluster.client(`c${slot + 1}`),
        clock: cluster.clock,
        tracker,
        record,
        process: slot,
        newProcess,
        timeoutMs: options.timeoutMs,
        attemptTimeoutMs: options.attemptTimeoutMs ?? Math.max(1, options.timeoutMs / 2),
        maxAttempts: options.maxAttempts ?? 2 * cluster.nodes.length + 1,
        registerValues: options.kind !== "kv",
      }),
  );
}
