import type { ClientOutcome, ClusterClient, ClusterClock, NodeName } from "../cluster/types.js";
import type { ClientRecordInput } from "../history/writer.js";
import type { Completion } from "./generator.js";
import type { LeaderTracker } from "./leader-tracker.js";
import type { PlannedOperation } from "./operation.js";
import { registerHistoryValue } from "./values.js";

export interface RecordingClientOptions {
  slot: number;
  client: ClusterClient;
  clock: ClusterClock;
  tracker: LeaderTracker;
  record: (record: ClientRecordInput) => void;
  /** The first process number; after an `info` the client takes `newProcess()`. */
  process: number;
  newProcess: () => number;
  timeoutMs: number;
  attemptTimeoutMs: number;
  maxAttempts: number;
  /** Register kinds record numbers for values; kv records the strings as they are. */
  registerValues: boolean;
}

interface CallResult {
  outcome: ClientOutcome;
  /** A call of this operation went unanswered: it may have applied even if a later one failed. */
  uncertain: boolean;
}

/**
 * One client session that records what it does: `invoke` before the first call, then exactly one
 * of `ok`, `fail` (certainly not applied) or `info` (a write or cas that may have applied). It
 * follows not-leader hints and tries another node after an unanswered call, always with the same
 * session sequence, within the operation's deadline and at most `maxAttempts` calls. A read with
 * no answer is `fail` (it changed nothing); after an `info` the client continues as a new process,
 * since the old one's operation stays open to the end of the history.
 */
export class RecordingClient {
  private process: number;
  private sequence = 0;
  private inFlight = false;

  constructor(private readonly options: RecordingClientOptions) {
    this.process = options.process;
  }

  get busy(): boolean {
    return this.inFlight;
  }

  get slot(): number {
    return this.options.slot;
  }

  get currentProcess(): number {
    return this.process;
  }

  /** Runs one operation to its end; `deadlineMs` (cluster time) can shorten its timeout. */
  async perform(operation: PlannedOperation, deadlineMs?: number): Promise<Completion> {
    if (this.inFlight)
      throw new Error(`client ${this.options.slot} already has an operation in flight`);
    this.inFlight = true;
    try {
      const startMs = this.options.clock.now();
      this.sequence += 1;
      this.write("invoke", operation, operation.value);
      const endMs = Math.min(
        startMs + this.options.timeoutMs,
        deadlineMs ?? Number.POSITIVE_INFINITY,
      );
      const result = await this.callWithRetries(operation, endMs);
      return this.complete(operation, result);
    } finally {
      this.inFlight = false;
    }
  }

  private async callWithRetries(operation: PlannedOperation, endMs: number): Promise<CallResult> {
    const { client, clock, tracker, maxAttempts, attemptTimeoutMs } = this.options;
    let node: NodeName = tracker.target();
    let uncertain = false;
    // Until a call is made the operation certainly did not happen.
    let last: ClientOutcome = { type: "fail", reason: "deadline passed before any call" };
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const remainingMs = endMs - clock.now();
      if (remainingMs <= 0) break;
      const timeoutMs = Math.min(remainingMs, attemptTimeoutMs);
      last = await client.call(operation.request, { node, sequence: this.sequence, timeoutMs });
      if (last.type === "ok") {
        tracker.confirmed(node);
        return { outcome: last, uncertain };
      }
      if (last.type === "unknown") {
        uncertain = true;
        node = tracker.after(node);
        continue;
      }
      if (!tracker.hinted(last.hint, node)) {
        tracker.failed(node);
        break;
      }
      node = last.hint as NodeName;
    }
    return { outcome: last, uncertain };
  }

  private complete(operation: PlannedOperation, { outcome, uncertain }: CallResult): Completion {
    if (outcome.type === "ok") return this.completeOk(operation, outcome);
    const reason = outcome.type === "fail" ? outcome.reason : `no answer: ${outcome.reason}`;
    const mayHaveApplied = operation.mutating && (uncertain || outcome.type === "unknown");
    if (!mayHaveApplied) {
      this.write("fail", operation, operation.value, { error: reason });
      return { type: "fail", value: operation.value };
    }
    this.write("info", operation, operation.value, { error: reason });
    this.process = this.options.newProcess();
    return { type: "info", value: operation.value };
  }

  private completeOk(
    operation: PlannedOperation,
    outcome: Extract<ClientOutcome, { type: "ok" }>,
  ): Completion {
    if (operation.f === "read" || operation.f === "get") {
      const value = this.options.registerValues
        ? registerHistoryValue(outcome.value)
        : outcome.value;
      this.write("ok", operation, value);
      return { type: "ok", value };
    }
    if (operation.f === "cas") {
      const applied = outcome.applied !== false;
      this.write("ok", operation, operation.value, { applied });
      const current = registerHistoryValue(outcome.value);
      return { type: "ok", value: operation.value, applied, current };
    }
    this.write("ok", operation, operation.value);
    return { type: "ok", value: operation.value };
  }

  private write(
    type: ClientRecordInput["type"],
    operation: PlannedOperation,
    value: ClientRecordInput["value"],
    extra: { applied?: boolean; error?: string } = {},
  ): void {
    this.options.record({
      type,
      process: this.process,
      f: operation.f,
      key: operation.key.name,
      value,
      timeNs: Math.round(this.options.clock.now() * 1_000_000),
      ...extra,
    });
  }
}
