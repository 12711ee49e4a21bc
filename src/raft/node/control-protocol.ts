import type { Role } from "../core/types.js";
import type { ReplicaEvent } from "../replica/events.js";

/**
 * The control channel between the harness and one node process: the node's stdin (commands
 * down) and stdout (reports up), one JSON object per line. The node exits when its stdin closes,
 * so a harness that dies — even by SIGKILL — takes its nodes with it.
 */

/** What the node reports. Event times are stamped by the harness when a line arrives. */
export type NodeReport =
  | {
      t: "listening";
      pid: number;
      peerPort: number;
      clientPort: number;
      /** What opening the data directory found: bytes of a torn WAL tail cut, records replayed. */
      recovery: { tornBytesCut: number; records: number };
    }
  | { t: "event"; event: ReplicaEvent }
  | { t: "status"; role: Role; term: number; leader: string | null; commitIndex: number }
  | { t: "ack"; id: number; detail?: Record<string, number | string | boolean> }
  /**
   * The node is about to exit non-zero; `code` is a system error code (EADDRINUSE, ENOSPC) when
   * there is one, and `path` the file or folder it was met at (the data directory when the error
   * names none). `refusal` is set when the node refused to start from its data directory (a
   * RecoveryRefusedError: damage no crash explains, or a missing file): it names the file and
   * the byte offset (null for a missing file), no file was changed, and the exit code is 65.
   * A refusal is never an I/O error: it carries no `code`.
   */
  | {
      t: "fatal";
      name: string;
      message: string;
      code?: string;
      path?: string;
      refusal?: { file: string; offset: number | null };
    };

/** What the harness asks; each command is acknowledged with an `ack` carrying its `id`. */
export type HarnessCommand =
  /** Freeze (no more ticks, messages or clients), hand every unsynced write to the OS, ack. */
  | { t: "flush-to-os"; id: number }
  /** Freeze, write the first `fraction` of the unsynced WAL bytes to the OS, drop the rest, ack. */
  | { t: "tear"; id: number; fraction: number }
  /** Freeze, make everything durable, close, ack, exit 0. */
  | { t: "shutdown"; id: number }
  /** Send `peer`'s messages to a new port (a peer restarted on another port). */
  | { t: "set-peer-address"; id: number; peer: string; host: string; port: number }
  /** Clock skew: ticks come `rate` times as often. */
  | { t: "set-clock-rate"; id: number; rate: number }
  /**
   * What the node's servers refused so far and the bytes they hold in partial frames, in the
   * ack. (The acks of `flush-to-os`, `tear` and `shutdown` carry the refusals too.)
   */
  | { t: "transport-stats"; id: number };

/** Longest control line either side accepts (a bound on a buffer). */
export const controlLineBytesMax = 1024 * 1024;

/**
 * Cuts a byte stream into lines and parses each as JSON. Lines longer than the bound are an error
 * (the stream is not a control channel any more).
 */
export class JsonLineReader {
  private partial = "";

  constructor(private readonly lineBytesMax = controlLineBytesMax) {}

  read(chunk: Buffer | string, onValue: (value: unknown) => void): void {
    const text = this.partial + (typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    let start = 0;
    for (;;) {
      const end = text.indexOf("\n", start);
      if (end < 0) break;
      const line = text.slice(start, end);
      start = end + 1;
      if (line.trim() !== "") onValue(JSON.parse(line));
    }
    this.partial = text.slice(start);
    if (this.partial.length > this.lineBytesMax) {
      throw new Error(`a control line exceeds ${this.lineBytesMax} bytes`);
    }
  }
}

const commandTypes = new Set([
  "flush-to-os",
  "tear",
  "shutdown",
  "set-peer-address",
  "set-clock-rate",
  "transport-stats",
]);

/** Checks a parsed line is a command; throws naming what is wrong. */
export function asHarnessCommand(value: unknown): HarnessCommand {
  const command = value as Record<string, unknown> | null;
  if (command === null || typeof command !== "object" || !commandTypes.has(String(command.t))) {
    throw new Error(`not a control command: ${JSON.stringify(value)}`);
  }
  if (!Number.isSafeInteger(command.id)) {
    throw new Error(`command without an id: ${JSON.stringify(value)}`);
  }
  const { fraction, rate } = command as { fraction?: number; rate?: number };
  if (command.t === "tear" && !(fraction !== undefined && fraction >= 0 && fraction <= 1)) {
    throw new Error(`tear needs a fraction in [0, 1]: ${JSON.stringify(value)}`);
  }
  if (command.t === "set-clock-rate" && !(rate !== undefined && rate > 0 && rate <= 100)) {
    throw new Error(`a clock rate must be in (0, 100]: ${JSON.stringify(value)}`);
  }
  return command as unknown as HarnessCommand;
}

const reportTypes = new Set(["listening", "event", "status", "ack", "fatal"]);

/** Checks a parsed line is a report; throws naming what is wrong. */
export function asNodeReport(value: unknown): NodeReport {
  const report = value as Record<string, unknown> | null;
  if (report === null || typeof report !== "object" || !reportTypes.has(String(report.t))) {
    throw new Error(`not a node report: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return report as unknown as NodeReport;
}
