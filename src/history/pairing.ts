import { HistoryFormatError } from "./format-error.js";
import type { ClientRecord } from "./types.js";

/**
 * Checks, while reading, that every completion (ok, fail, info) follows an open invoke of the
 * same process and the same function, is not timed before it, and that a process never has two
 * operations open: the rules every history format shares.
 */
export class PairingTracker {
  private readonly open = new Map<number, ClientRecord>();

  constructor(private readonly file: string) {}

  /** Notes a record; for a completion, returns the invoke it completes. */
  note(record: ClientRecord, line: number): ClientRecord | undefined {
    const open = this.open.get(record.process);
    if (record.type === "invoke") {
      if (open) {
        throw new HistoryFormatError(
          { file: this.file, line },
          `a completion of process ${record.process}'s open ${open.f} before it invokes again`,
          "another invoke",
        );
      }
      this.open.set(record.process, record);
      return undefined;
    }
    if (!open) {
      throw new HistoryFormatError(
        { file: this.file, line },
        `an invoke of process ${record.process} before its ${record.type}`,
        `a ${record.type} with no open operation`,
      );
    }
    if (open.f !== record.f) {
      throw new HistoryFormatError(
        { file: this.file, line },
        `a completion of ${open.f} (process ${record.process})`,
        record.f,
      );
    }
    if (record.timeNs < open.timeNs) {
      throw new HistoryFormatError(
        { file: this.file, line },
        `a completion timed at or after its invoke (time ${open.timeNs})`,
        `a ${record.type} of process ${record.process} at time ${record.timeNs}`,
      );
    }
    this.open.delete(record.process);
    return open;
  }

  /** Operations never completed (their invokes), in the order they were invoked. */
  openInvokes(): ClientRecord[] {
    return [...this.open.values()].sort((first, second) => first.index - second.index);
  }
}
