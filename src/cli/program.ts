import { Command } from "commander";
import { registerAnalyzeCommand } from "./commands/analyze.js";
import { registerCheckCommand } from "./commands/check.js";
import { registerExportCommand } from "./commands/export.js";
import { registerReplayCommand } from "./commands/replay.js";
import { registerRunCommand } from "./commands/run.js";
import { registerSimCommand } from "./commands/sim.js";
import { registerValidateCommand } from "./commands/validate.js";
import { raftctlVersion } from "./version.js";

/**
 * What a command's action may tell the top-level handler. Actions never call `process.exit`:
 * they set the exit code here and return.
 */
export interface CommandContext {
  setExitCode(code: number): void;
}

/**
 * Builds the commander program. Each command lives in its own file under `commands/` and
 * registers itself here.
 */
export function buildProgram(context: CommandContext): Command {
  const program = new Command();
  program
    .name("raftctl")
    .description(
      "Chaos tester and linearizability checker for Raft: runs a cluster under faults, records a history, checks it.",
    )
    .version(raftctlVersion(), "-V, --version")
    .option("--debug", "print stack traces for errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerCommands(program, context);
  return program;
}

function registerCommands(program: Command, context: CommandContext): void {
  // Each command file exports register<Name>Command(program, context); call it here.
  registerRunCommand(program, context);
  registerAnalyzeCommand(program, context);
  registerReplayCommand(program, context);
  registerValidateCommand(program, context);
  registerSimCommand(program, context);
  registerCheckCommand(program, context);
  registerExportCommand(program, context);
}
