import type { Command } from "commander";
import { checkScenarioFiles } from "../../scenario/index.js";
import { ExitCode } from "../exit-codes.js";
import type { CommandContext } from "../program.js";

/**
 * `raftctl validate FILE|DIR...`: checks scenarios without running anything. One line
 * `ok  FILE` per valid scenario, the problems of each invalid one; exit 0 when all are valid,
 * 64 otherwise. A scenario is valid when `raftctl run` would run it: the same checks, against
 * the same capabilities. Everything goes to stdout, in the order the paths were given: the report is the
 * command's output.
 */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  program
    .command("validate")
    .description("check scenario files without running them (a directory means its *.yaml files)")
    .argument("<paths...>", "scenario files or directories")
    .action(async (paths: string[]) => {
      // What the run can do comes from the run's rooms, loaded only when this command runs.
      const { runCapabilities } = await import("../../run/index.js");
      const checks = checkScenarioFiles(paths, runCapabilities());
      for (const check of checks) {
        const text = check.ok ? `ok  ${check.file}` : check.error.message;
        process.stdout.write(`${text}\n`);
      }
      const allValid = checks.every((check) => check.ok);
      context.setExitCode(allValid ? ExitCode.passed : ExitCode.usage);
    });
}
