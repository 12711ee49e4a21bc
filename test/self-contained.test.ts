import { readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFiles, repositoryRoot } from "./support/repository-files.js";

/** Every file under the folders code lives in (not the copied data). */
function sourceFiles(): string[] {
  return repositoryFiles({ folders: ["src", "test", "bench", "scripts", "examples", ".ci"] });
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
