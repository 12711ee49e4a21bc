import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const scannedFolders = ["src", "test", "bench", "scripts", ".ci"];
const skippedFolders = new Set(["node_modules", "dist", "corpus"]);
const fileCountMax = 5_000;

/** Every file under the scanned folders that code could read from (not the copied data). */
function sourceFiles(): string[] {
  const files: string[] = [];
  const pending = scannedFolders.map((folder) => join(repositoryRoot, folder));
  while (pending.length > 0 && files.length < fileCountMax) {
    const path = pending.pop()!;
    let entries: string[];
    try {
      if (!statSync(path).isDirectory()) {
        files.push(path);
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

describe("the repository is self-contained", () => {
  it("has no test, bench or script that reads the shared folder beside a checkout", () => {
    const offenders = sourceFiles()
      .filter((path) => readFileSync(path, "utf8").includes(["..", "shared"].join("/")))
      .map((path) => relative(repositoryRoot, path));
    expect(offenders).toEqual([]);
  });

  it("carries Porcupine's corpus with its provenance and licence", () => {
    const corpus = join(repositoryRoot, "test/corpus/porcupine");
    expect(readFileSync(join(corpus, "README.md"), "utf8")).toMatch(/anishathalye\/porcupine/);
    expect(readFileSync(join(corpus, "LICENSE"), "utf8")).toMatch(/MIT License/);
    const manifest = readFileSync(join(corpus, "MANIFEST.tsv"), "utf8").trim().split("\n");
    for (const row of manifest.slice(1)) {
      const path = row.split("\t")[0]!;
      expect(statSync(join(corpus, path)).isFile(), path).toBe(true);
    }
  });
});
