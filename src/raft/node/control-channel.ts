import type { Readable, Writable } from "node:stream";
import {
  asHarnessCommand,
  type HarnessCommand,
  JsonLineReader,
  type NodeReport,
} from "./control-protocol.js";

export interface ControlChannelOptions {
  input: Readable;
  output: Writable;
  onCommand(command: HarnessCommand): void;
  /** The harness is gone (stdin ended or broke) or sent garbage: the node must exit. */
  onClose(reason: string): void;
}

/**
 * The node's end of the control channel. Reports are buffered and written together once per
 * turn of the event loop: a busy node emits several events per entry, and one write per event
 * would cost a system call each. Acknowledgements flush at once, after everything reported
 * before them, so the harness has every earlier event when it sees the ack.
 */
export class ControlChannel {
  private buffered: string[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly options: ControlChannelOptions) {
    const reader = new JsonLineReader();
    options.input.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (value) => options.onCommand(asHarnessCommand(value)));
      } catch (error) {
        this.close(`the control channel broke: ${(error as Error).message}`);
      }
    });
    options.input.on("end", () => this.close("the harness closed the control channel"));
    options.input.on("error", (error) => this.close(`control input failed: ${error.message}`));
    options.output.on("error", (error) => this.close(`control output failed: ${error.message}`));
  }

  report(report: NodeReport): void {
    if (this.closed) return;
    this.buffered.push(JSON.stringify(report));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Reports and writes everything buffered now. */
  reportNow(report: NodeReport): void {
    this.report(report);
    this.flush();
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.buffered.length === 0) return;
    const text = `${this.buffered.join("\n")}\n`;
    this.buffered = [];
    this.options.output.write(text);
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.buffered = [];
    this.options.onClose(reason);
  }
}
