import { join } from "node:path";
import { InvariantChecker } from "../cluster/invariants/index.js";
import type { NodeEvent } from "../history/events.js";
import type { HistoryHeader, HistoryRecord } from "../history/types.js";
import { EventsWriter, type HistoryRecordInput, HistoryWriter } from "../history/writer.js";
import { runFiles } from "./run-directory.js";

/**
 * Everything a run records as it goes: `history.jsonl` and `events.jsonl` written line by line
 * (so a killed run leaves them readable), the same records kept in memory for the checks and the
 * report, and the invariant checker fed with each event as it happens.
 */
export class RunRecorder {
  readonly records: HistoryRecord[] = [];
  readonly events: NodeEvent[] = [];
  readonly invariants = new InvariantChecker();
  private readonly history: HistoryWriter;
  private readonly eventsFile: EventsWriter;
  private closed = false;

  constructor(runDir: string, header: HistoryHeader) {
    this.history = new HistoryWriter(join(runDir, runFiles.history), header);
    this.eventsFile = new EventsWriter(join(runDir, runFiles.events));
  }

  /** A client or nemesis record; dropped once closed (a straggler after an interrupt). */
  record(input: HistoryRecordInput): void {
    if (this.closed) return;
    this.records.push(this.history.append(input));
  }

  event(event: NodeEvent): void {
    if (this.closed) return;
    this.eventsFile.append(event);
    this.events.push(event);
    this.invariants.observe(event);
  }

  /** Flushes, syncs and closes both files; closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.history.close();
    this.eventsFile.close();
  }
}
