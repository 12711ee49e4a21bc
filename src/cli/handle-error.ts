import { ExitCode } from "./exit-codes.js";

/**
 * The contract between the rooms and the command line: an error a user can cause carries
 * `exitCode: 64` (rooms define their own classes, e.g. ScenarioError, HistoryFormatError) and a
 * message of one or two plain lines that says where and what to do. Any other error is raftctl's
 * own failure (exit 70). Stack traces are printed only with `--debug`.
 */
export interface ErrorWithExitCode extends Error {
  exitCode: number;
}

export function hasExitCode(error: unknown): error is ErrorWithExitCode {
  return (
    error instanceof Error && typeof (error as Partial<ErrorWithExitCode>).exitCode === "number"
  );
}

/** A command-line mistake: a bad flag value, a missing file. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.usage;
  override name = "UsageError";
}

export interface ErrorReport {
  exitCode: number;
  text: string;
}

/** Turns any thrown value into the text to print on stderr and the exit code. */
export function describeError(error: unknown, options: { debug: boolean }): ErrorReport {
  const commanderCode = (error as { code?: unknown })?.code;
  if (typeof commanderCode === "string" && commanderCode.startsWith("commander.")) {
    // commander has already printed its own message about the command line.
    return { exitCode: ExitCode.usage, text: "" };
  }
  if (hasExitCode(error)) {
    const text = options.debug && error.stack ? error.stack : `raftctl: ${error.message}`;
    return { exitCode: error.exitCode, text };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  const text =
    options.debug && stack
      ? stack
      : `raftctl: internal error: ${message}\n(run again with --debug for the stack trace, and please report it)`;
  return { exitCode: ExitCode.internal, text };
}
