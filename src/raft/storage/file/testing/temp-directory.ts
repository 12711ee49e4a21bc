import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function makeTempDirectory(label: string): { directory: string; remove: () => void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `raftctl-${label}-`));
  return { directory, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}
