#!/usr/bin/env node
// Only light modules are imported statically: the signal handlers must be in place before the
// program's modules (the cluster, the checker, the views) take their second or two to load.
import { ExitCode } from "./exit-codes.js";
import { describeError } from "./handle-error.js";
import { watchInterruptsFromStart } from "./interrupt.js";
import { flushStandardStreams, toleratePipeClosedByReader } from "./standard-streams.js";

/** Commands that stop cleanly on SIGINT/SIGTERM (a partial report); any other exits with 130. */
const stoppableCommands = new Set(["run", "replay"]);

/** The command named on the command line: the first argument that is not an option. */
function commandNameOf(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((argument) => !argument.startsWith("-"));
}

/** The single top-level handler: it turns errors into messages and exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.passed;
  try {
    const { buildProgram } = await import("./program.js");
    const program = buildProgram({
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version") return ExitCode.passed;
    if (code === "commander.help") return ExitCode.passed;
    const report = describeError(error, { debug: argv.includes("--debug") });
    if (report.text) process.stderr.write(`${report.text}\n`);
    return report.exitCode;
  }
}

toleratePipeClosedByReader();
watchInterruptsFromStart({
  deferUntilHandler: stoppableCommands.has(commandNameOf(process.argv) ?? ""),
});
const exitCode = await main(process.argv);
// Everything printed reaches the pipe or file before the process ends: process.exit would
// drop what the reader has not taken yet (64 KiB is all a pipe holds).
await flushStandardStreams();
// The one place raftctl calls process.exit.
process.exit(exitCode);
