/**
 * The node program of process mode (DESIGN.md, "Two ways to run a cluster"): one Raft node as
 * its own operating-system process, started by the harness (src/cluster/process) with an
 * argument vector (node-arguments.ts). stdin/stdout are the control channel (one JSON object per
 * line); stderr is the node's log file.
 *
 * It exits — and this entry point is the one place in `src/raft` that calls process.exit, as a
 * program must — when the control channel closes (the harness is gone, even SIGKILLed: no
 * orphans), after a `shutdown`, and on a fatal error, which it writes to its log and reports
 * before exiting non-zero.
 */

import { RecoveryRefusedError } from "../storage/recovery-errors.js";
import { ControlChannel } from "./control-channel.js";
import type { HarnessCommand } from "./control-protocol.js";
import { NodeArgumentError, parseNodeArguments } from "./node-arguments.js";
import { NodeHost } from "./node-host.js";

/**
 * Exit codes: 64 a wrong argument vector, 65 a refusal to start from a damaged or incomplete
 * data directory (nothing changed; docs/storage.md), 70 a fatal error inside the node.
 */
const exitUsage = 64;
const exitRefused = 65;
const exitFatal = 70;

let nodeId = "node";
let dataDirectory: string | null = null;
let host: NodeHost | null = null;

// The log is a file on the same disk as the data: when that disk is full or read-only, a failed
// log line must not stop the node from reporting the failure up the control channel.
process.stderr.on("error", () => {});

function log(line: string): void {
  try {
    process.stderr.write(`${new Date().toISOString()} ${nodeId} ${line}\n`);
  } catch {
    // see above: the control channel still carries what matters
  }
}

const channel = new ControlChannel({
  input: process.stdin,
  output: process.stdout,
  onCommand: (command) => void execute(command),
  onClose: (reason) => {
    log(`exiting: ${reason}`);
    process.exit(0);
  },
});

function fatal(error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  // After a tear the storage refuses every sync and the replica throws: expected while the node
  // waits for its SIGKILL, so it is logged and the node stays frozen rather than exiting.
  if (host?.frozen === "tear" || host?.frozen === "flush-to-os") {
    log(`frozen for ${host.frozen}, ignoring: ${failure.message}`);
    return;
  }
  const refused = failure instanceof RecoveryRefusedError;
  log(
    refused
      ? `refusing to start: ${failure.message}`
      : `fatal: ${failure.stack ?? failure.message}`,
  );
  const { code, path } = systemErrorOf(failure);
  const where = path ?? dataDirectory;
  channel.reportNow({
    t: "fatal",
    name: failure.name,
    message: failure.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(refused ? { refusal: { file: failure.source, offset: failure.offset } } : {}),
    ...(typeof code === "string" && where !== null ? { path: where } : {}),
  });
  if (failure instanceof NodeArgumentError) process.exit(exitUsage);
  process.exit(refused ? exitRefused : exitFatal);
}

/** The system error code and path of an error or of the errors it wraps (`cause`), if any. */
function systemErrorOf(error: Error): { code?: string; path?: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const { code, path } = current as { code?: unknown; path?: unknown };
    if (typeof code === "string") {
      return { code, ...(typeof path === "string" ? { path } : {}) };
    }
    current = current.cause;
  }
  return {};
}

async function execute(command: HarnessCommand): Promise<void> {
  if (host === null) {
    fatal(new Error(`command ${command.t} arrived before the node was listening`));
    return;
  }
  try {
    const detail = await host.execute(command);
    channel.reportNow({ t: "ack", id: command.id, detail });
  } catch (error) {
    fatal(error);
    return;
  }
  if (command.t === "shutdown") {
    log("shut down cleanly");
    process.exit(0);
  }
}

process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);

try {
  const args = parseNodeArguments(process.argv.slice(2));
  nodeId = args.id;
  dataDirectory = args.dataDirectory;
  log(`starting (pid ${process.pid}) in ${args.dataDirectory}`);
  host = await NodeHost.start(args, {
    report: (report) => channel.report(report),
    reportNow: (report) => channel.reportNow(report),
    log,
    fatal,
  });
} catch (error) {
  fatal(error);
}
