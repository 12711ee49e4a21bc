import { join } from "node:path";
import { InvariantChecker } from "../cluster/invariants/index.js";
import type { NodeEvent } from "../history/events.js";
import type { HistoryHeader, HistoryRecord } from "../history/types.js";
import { EventsWriter, type HistoryRecordInput, HistoryWriter } from "../history/writer.js";
import { type IoFailureError, ioFailureOf } from "./io-failure.js";
import { runFiles } from "./run-directory.js";

/** Wall-clock interval between flushes of the buffered lines to both files. */
const flushIntervalMs = 200;

/**
 * Everything a run records as it goes: `history.jsonl` and `events.jsonl` written line by line
 * (so a killed run leaves them readable), the same records kept in memory for the checks and the
 * report, and the invariant checker fed with each event as it happens.
 *
 * A file that cannot be written any more (disk full, read-only: an I/O failure, exit 74) stops
 * the writing, never the recording: the records stay in memory for the checks, the failure is
 * kept for the result, and `onFailure` listeners (the run, which then stops) hear of it once.
 */
export class RunRecorder {
  readonly records: HistoryRecord[] = [];
  readonly events: NodeEvent[] = [];
  readonly invariants = new InvariantChecker();
  private readonly history: HistoryWriter;
  private readonly eventsFile: EventsWriter;
  private readonly timer: NodeJS.Timeout;
  private readonly failureListeners: (() => void)[] = [];
  private writeFailure: Error | null = null;
  private ioFailure: IoFailureError | null = null;
  private closed = false;

  constructor(runDir: string, header: HistoryHeader) {
    const historyPath = join(runDir, runFiles.history);
    try {
      this.history = new HistoryWriter(historyPath, header, { flushIntervalMs: 0 });
      this.eventsFile = new EventsWriter(join(runDir, runFiles.events), { flushIntervalMs: 0 });
    } catch (error) {
      throw ioFailureOf(error, historyPath) ?? error;
    }
    // The writers' own timers would throw a failed flush into the event loop; this one catches.
    this.timer = setInterval(() => this.flushFiles(), flushIntervalMs);
    this.timer.unref();
  }

  /** The I/O failure that stopped the writing (disk full, read-only), or null. */
  failure(): IoFailureError | null {
    return this.ioFailure;
  }

  /** Any other error that stopped the writing (raftctl's own), or null. */
  otherWriteError(): Error | null {
    return this.ioFailure === null ? this.writeFailure : null;
  }

  /** Calls `listener` once when writing fails. */
  onFailure(listener: () => void): void {
    this.failureListeners.push(listener);
  }

  /** A client or nemesis record; dropped once closed (a straggler after an interrupt). */
  record(input: HistoryRecordInput): void {
    if (this.closed) return;
    if (this.writeFailure !== null) {
      this.records.push({ ...input, index: this.records.length } as HistoryRecord);
      return;
    }
    const record = this.writing(this.history.path, () => this.history.append(input));
    this.records.push(record ?? ({ ...input, index: this.records.length } as HistoryRecord));
  }

  event(event: NodeEvent): void {
    if (this.closed) return;
    this.writing(this.eventsFile.path, () => this.eventsFile.append(event));
    this.events.push(event);
    this.invariants.observe(event);
  }

  /** Flushes, syncs and closes both files; closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.writing(this.history.path, () => this.history.close());
    this.writing(this.eventsFile.path, () => this.eventsFile.close());
  }

  private flushFiles(): void {
    this.writing(this.history.path, () => this.history.flush());
    this.writing(this.eventsFile.path, () => this.eventsFile.flush());
  }

  /** Runs a write unless writing has failed; a failure is kept and stops later writes. */
  private writing<T>(path: string, write: () => T): T | undefined {
    if (this.writeFailure !== null) return undefined;
    try {
      return write();
    } catch (error) {
      this.writeFailure = error instanceof Error ? error : new Error(String(error));
      this.ioFailure = ioFailureOf(error, path);
      for (const listener of this.failureListeners) listener();
      return undefined;
    }
  }
}
