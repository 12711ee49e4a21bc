import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import {
  asNodeReport,
  type HarnessCommand,
  JsonLineReader,
  type NodeReport,
} from "../../raft/node/control-protocol.js";
import { NodeProcessError } from "./errors.js";
import { readLogTail } from "./log-tail.js";
import type { NodeProgram } from "./node-program.js";

export type ListeningReport = Extract<NodeReport, { t: "listening" }>;
export type FatalReport = Extract<NodeReport, { t: "fatal" }>;
type AckDetail = Extract<NodeReport, { t: "ack" }>["detail"];
/** A command as the harness writes it; the id is added here. */
export type CommandRequest = HarnessCommand extends infer C
  ? C extends HarnessCommand
    ? Omit<C, "id">
    : never
  : never;

export interface NodeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcessOptions {
  node: string;
  program: NodeProgram;
  argv: readonly string[];
  /** The node's stderr is appended here (its log). */
  logPath: string;
  /** Node events and status lines, in order. */
  onReport(report: NodeReport): void;
}

interface PendingAck {
  resolve(detail: AckDetail): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One run of the node program: spawned from an argument vector (never a shell), in its own
 * process group (`detached`), with stdin/stdout as its control channel and stderr appended to
 * its log file. It ends when its group is SIGKILLed, when it exits by itself, or when its stdin
 * closes. `exited` resolves once the process is gone and its stdout fully read, so no report of
 * it can arrive after that.
 */
export class NodeProcess {
  readonly pid: number;
  readonly exited: Promise<NodeExit>;
  private readonly listening: Promise<ListeningReport>;
  private readonly pendingAcks = new Map<number, PendingAck>();
  private nextCommandId = 1;
  private exitInfo: NodeExit | null = null;
  private fatalReport: FatalReport | null = null;
  private listened = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly options: NodeProcessOptions,
  ) {
    if (child.pid === undefined) {
      throw new NodeProcessError(options.node, `could not start ${options.program.executable}`);
    }
    this.pid = child.pid;
    let resolveListening: (report: ListeningReport) => void = () => {};
    let rejectListening: (error: Error) => void = () => {};
    this.listening = new Promise((resolve, reject) => {
      resolveListening = resolve;
      rejectListening = reject;
    });
    this.listening.catch(() => {}); // observed by waitListening; a node may die unobserved
    this.exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.exitInfo = { code, signal };
        rejectListening(this.diedError("exited before it was listening"));
        this.failPendingAcks();
        resolve(this.exitInfo);
      });
    });
    this.readReports(resolveListening);
    child.stdin?.on("error", () => {}); // EPIPE when the node is gone: its exit is reported
  }

  static spawn(options: NodeProcessOptions): NodeProcess {
    const logFd = fs.openSync(options.logPath, "a");
    try {
      const child = spawn(
        options.program.executable,
        [...options.program.leadingArguments, ...options.argv],
        { detached: true, stdio: ["pipe", "pipe", logFd], shell: false },
      );
      child.on("error", () => {}); // a failed spawn shows as a missing pid or a close
      return new NodeProcess(child, options);
    } finally {
      fs.closeSync(logFd);
    }
  }

  /** How it ended, or null while it runs. */
  get exit(): NodeExit | null {
    return this.exitInfo;
  }

  /** Whether it reported that it listens (it got through its start: recovery, ports). */
  get hasListened(): boolean {
    return this.listened;
  }

  /** The fatal error it reported before exiting, if any. */
  get fatal(): FatalReport | null {
    return this.fatalReport;
  }

  /** Resolves once the node listens; rejects (with its log's tail) if it dies or takes too long. */
  async waitListening(timeoutMs: number): Promise<ListeningReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.diedError(`was not listening within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.listening, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a command and waits for its acknowledgement, at most `timeoutMs`. */
  command(request: CommandRequest, timeoutMs: number): Promise<AckDetail> {
    if (this.exitInfo !== null) return Promise.reject(this.diedError("has exited"));
    const id = this.nextCommandId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingAcks.delete(id);
        reject(
          new NodeProcessError(
            this.options.node,
            `did not acknowledge ${request.t} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pendingAcks.set(id, { resolve, reject, timer });
      this.child.stdin?.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  /** Sends `signal` to the node's whole process group. False when the group is already gone. */
  signal(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "ESRCH") return false;
      throw error;
    }
  }

  /** SIGKILLs the group and waits (bounded) until the process is gone and its output read. */
  async kill(timeoutMs = 10_000): Promise<NodeExit> {
    if (this.exitInfo !== null) return this.exitInfo;
    this.signal("SIGKILL");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new NodeProcessError(
              this.options.node,
              `pid ${this.pid} survived SIGKILL for ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the control channel: the node exits by itself when it reads the end. */
  closeControl(): void {
    this.child.stdin?.end();
  }

  logTail(): string {
    return readLogTail(this.options.logPath);
  }

  private readReports(resolveListening: (report: ListeningReport) => void): void {
    const reader = new JsonLineReader();
    this.child.stdout?.on("data", (chunk: Buffer) => {
      try {
        reader.read(chunk, (value) => this.dispatch(asNodeReport(value), resolveListening));
      } catch (error) {
        // The channel is garbage: the node cannot be trusted any more.
        this.fatalReport = {
          t: "fatal",
          name: "ControlChannelError",
          message: (error as Error).message,
        };
        this.signal("SIGKILL");
      }
    });
  }

  private dispatch(report: NodeReport, resolveListening: (report: ListeningReport) => void): void {
    switch (report.t) {
      case "listening":
        this.listened = true;
        resolveListening(report);
        return;
      case "ack": {
        const pending = this.pendingAcks.get(report.id);
        if (pending === undefined) return;
        this.pendingAcks.delete(report.id);
        clearTimeout(pending.timer);
        pending.resolve(report.detail);
        return;
      }
      case "fatal":
        this.fatalReport = report;
        return;
      default:
        this.options.onReport(report);
    }
  }

  private failPendingAcks(): void {
    for (const pending of this.pendingAcks.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.diedError("exited before acknowledging"));
    }
    this.pendingAcks.clear();
  }

  private diedError(what: string): NodeProcessError {
    const exit = this.exitInfo;
    const how = exit === null ? "" : ` (exit code ${exit.code}, signal ${exit.signal})`;
    const fatal =
      this.fatalReport === null ? "" : `: ${this.fatalReport.name}: ${this.fatalReport.message}`;
    const error = new NodeProcessError(
      this.options.node,
      `node ${this.options.node} (pid ${this.pid}) ${what}${how}${fatal}`,
      this.logTail(),
    );
    // The system error it died of (ENOSPC opening its log...), for the run to classify.
    if (this.fatalReport?.code !== undefined) error.code = this.fatalReport.code;
    if (this.fatalReport?.path !== undefined) error.path = this.fatalReport.path;
    return error;
  }
}
