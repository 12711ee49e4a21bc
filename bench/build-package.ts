/**
 * What the benchmarks share about the compiled package: where the repository is, and building
 * it (`npm run build`, tsc into dist/), so a benchmark times the code `npx raftctl` runs.
 */

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

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
