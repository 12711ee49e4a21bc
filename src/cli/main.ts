#!/usr/bin/env node
import { ExitCode } from "./exit-codes.js";
import { describeError } from "./handle-error.js";
import { buildProgram } from "./program.js";

/** The single top-level handler: it turns errors into messages and exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = ExitCode.passed;
  const program = buildProgram({
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
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

// The one place raftctl calls process.exit.
process.exit(await main(process.argv));
