import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Folders a walk never enters: installed packages, build output, copied data. */
const skippedFolders = new Set(["node_modules", "dist", "corpus"]);
/** A walk that finds more has wandered somewhere it should not: it stops there. */
const fileCountMax = 5_000;

/**
 * The files under `folders` (relative to the repository root) whose path `matches`, skipping
 * installed packages, build output and copied data. Missing folders are passed over.
 */
export function repositoryFiles(options: {
  folders: readonly string[];
  matches?: (path: string) => boolean;
}): string[] {
  const files: string[] = [];
  const pending = options.folders.map((folder) => join(repositoryRoot, folder));
  while (pending.length > 0 && files.length < fileCountMax) {
    const path = pending.pop()!;
    let entries: string[];
    try {
      if (!statSync(path).isDirectory()) {
        if (options.matches === undefined || options.matches(path)) files.push(path);
        continue;
      }
      entries = readdirSync(path);
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!skippedFolders.has(entry)) pending.push(join(path, entry));
    }
  }
  return files;
}
