import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./version.js";

let cachedCommit: string | null | undefined;

/**
 * The commit raftctl runs from, or null. Asked in raftctl's own folder, not the working
 * directory: a user running an installed raftctl inside their own repository must not get their
 * commit reported as raftctl's. Asked once per process, with an argument vector and a time limit.
 */
export function gitCommit(): string | null {
  if (cachedCommit !== undefined) return cachedCommit;
  cachedCommit = null;
  const root = packageRoot();
  if (!existsSync(join(root, ".git"))) return cachedCommit;
  const answer = spawnSync("git", ["rev-parse", "HEAD"], {
    cwd: root,
    encoding: "utf8",
    timeout: 5000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const commit = answer.status === 0 ? answer.stdout.trim() : "";
  if (/^[0-9a-f]{40,64}$/.test(commit)) cachedCommit = commit;
  return cachedCommit;
}
