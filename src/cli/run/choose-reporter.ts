import { inkReporter } from "./ink-reporter.js";
import { jsonReporter, plainReporter, quietReporter, type RunReporter } from "./reporters.js";
import type { RunCommandOptions } from "./run-plan.js";

/**
 * `--json` JSON Lines; `--quiet` only the end; on a terminal the ink view; elsewhere (CI, a
 * pipe) plain lines. Colour only on a terminal and without NO_COLOR.
 */
export function chooseReporter(options: RunCommandOptions, planned: number): RunReporter {
  const write = (text: string) => process.stdout.write(text);
  const terminal = process.stdout.isTTY === true;
  const color = colorAllowed();
  if (options.json) return jsonReporter({ write });
  if (options.quiet) return quietReporter({ write, color });
  if (terminal && !options.child) return inkReporter({ write, color, planned });
  return plainReporter({ write, color });
}

/** Colour on a terminal unless NO_COLOR is set to anything (https://no-color.org). */
export function colorAllowed(): boolean {
  const noColor = process.env.NO_COLOR;
  return process.stdout.isTTY === true && (noColor === undefined || noColor === "");
}
