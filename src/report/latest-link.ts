import { randomBytes } from "node:crypto";
import { lstat, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { ReportWriteError } from "./errors.js";

/**
 * `<root>/latest` points at the newest run (DESIGN.md). A relative symlink, so the report tree
 * can be moved or archived whole; where symlinks cannot be made (some Windows setups, some
 * mounted file systems) a small file holding the relative path instead. Either is made under a
 * temporary name and renamed into place: a rename replaces atomically, so parallel runs
 * (`--jobs`) never leave `latest` missing or half-written — the last to finish wins.
 */

export type LatestKind = "symlink" | "file";

export async function updateLatest(root: string, runDir: string): Promise<LatestKind> {
  const target = relative(root, runDir) || ".";
  const latestPath = join(root, "latest");
  await refuseToReplaceDirectory(latestPath);
  const temporaryPath = join(root, `.latest-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await symlink(target, temporaryPath);
    await rename(temporaryPath, latestPath);
    return "symlink";
  } catch (error) {
    await rm(temporaryPath, { force: true });
    if (!symlinkUnsupported(error)) throw error;
  }
  await writeFile(temporaryPath, `${target}\n`);
  try {
    await rename(temporaryPath, latestPath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  return "file";
}

async function refuseToReplaceDirectory(latestPath: string): Promise<void> {
  const existing = await lstat(latestPath).catch(() => undefined);
  if (existing?.isDirectory()) {
    // Someone's own folder named `latest`: never delete it to make a link.
    throw new ReportWriteError(
      `${latestPath} is a directory; rename it so raftctl can point 'latest' at the newest run`,
    );
  }
}

function symlinkUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === "EPERM" ||
    code === "ENOTSUP" ||
    code === "EOPNOTSUPP" ||
    code === "ENOSYS" ||
    code === "EINVAL"
  );
}
