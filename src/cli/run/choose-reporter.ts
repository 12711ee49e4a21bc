import { colorAllowed } from "../color.js";
import { jsonReporter, plainReporter, quietReporter, type RunReporter } from "./reporters.js";
import type { RunCommandOptions } from "./run-plan.js";

/**
 * `--json` JSON Lines; `--quiet` only the end; on a terminal the ink view; elsewhere (CI, a
 * pipe) plain lines. Colour only on a terminal and without NO_COLOR.
 */
export async function chooseReporter(
  options: RunCommandOptions,
  planned: number,
): Promise<RunReporter> {
  const write = (text: string) => process.stdout.write(text);
  const terminal = process.stdout.isTTY === true;
  const color = colorAllowed();
  if (options.json) return jsonReporter({ write });
  if (options.quiet) return quietReporter({ write, color });
  if (terminal && !options.child) {
    // ink and React take a second or two to load: only a terminal needs them.
    const { inkReporter } = await import("./ink-reporter.js");
    return inkReporter({ write, color, planned });
  }
  return plainReporter({ write, color });
}
