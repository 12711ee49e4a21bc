/**
 * What the benchmarks share about the compiled package: where the repository is, and building
 * it (`npm run build`, tsc into dist/), so a benchmark times the code `npx raftctl` runs.
 */

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

/** How a benchmark runs raftctl: the compiled package (built first, or as it is) or the sources. */
export interface RunnerOptions {
  runner: "dist" | "tsx";
  build: boolean;
}

/**
 * Takes `--no-build` or `--runner dist|tsx` at `argv[position]` into `options`. Returns how many
 * arguments it used: 0 when the one there is neither (the caller's own flag, or an error).
 */
export function takeRunnerFlag(
  argv: readonly string[],
  position: number,
  options: RunnerOptions,
): number {
  const flag = argv[position];
  const value = argv[position + 1];
  if (flag === "--no-build") {
    options.build = false;
    return 1;
  }
  if (flag === "--runner" && (value === "dist" || value === "tsx")) {
    options.runner = value;
    return 2;
  }
  return 0;
}

/** `npm run build`; throws with what to do when it fails. Returns its wall time. */
export function buildPackage(): { wallMs: number } {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const started = performance.now();
  const child = spawnSync(npm, ["run", "--silent", "build"], {
    cwd: repositoryRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (child.error) throw new Error(`npm run build: ${child.error.message}`);
  if (child.status !== 0) {
    throw new Error(`npm run build exited ${child.status}; fix the build or use --runner tsx`);
  }
  return { wallMs: Math.round(performance.now() - started) };
}
