import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryFiles, repositoryRoot } from "./support/repository-files.js";

/**
 * The checker is a module of its own (porcupine-ts, src/checker/package.json): the rest of
 * raftctl uses it only through its entry point, src/checker/index.ts, as a user of the
 * package would, and the checker imports nothing from outside its folder, so that it builds
 * and packs alone.
 */
const checkerFolder = join(repositoryRoot, "src/checker");
const entryPoint = join(checkerFolder, "index.ts");

function codeFiles(): string[] {
  return repositoryFiles({
    folders: ["src", "test", "bench", "examples"],
    matches: (path) => /\.(ts|tsx|js|mjs|cjs)$/.test(path),
  });
}

/** The module specifiers a file imports or re-exports, statically or with import(). */
function importedSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\1/g;
  return [...source.matchAll(pattern)].map((match) => match[2]!);
}

/** Where a relative specifier points, with the .js of TypeScript's ESM imports read as .ts. */
function resolveRelative(file: string, specifier: string): string {
  return resolve(dirname(file), specifier).replace(/\.js$/, ".ts");
}

const inside = (folder: string, path: string) => !relative(folder, path).startsWith("..");

describe("the checker's boundary", () => {
  it("reads specifiers from import, export-from and dynamic import lines", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      'export { c } from "./c.js";',
      'import "./side-effect.js";',
      'const d = await import("./d.js");',
    ].join("\n");
    expect(importedSpecifiers(source)).toEqual([
      "./a.js",
      "../b.js",
      "./c.js",
      "./side-effect.js",
      "./d.js",
    ]);
  });

  it("has no file outside src/checker importing a checker file other than its entry point", () => {
    const files = codeFiles().filter((file) => !inside(checkerFolder, file));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      importedSpecifiers(readFileSync(file, "utf8"))
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => resolveRelative(file, specifier))
        .filter((target) => inside(checkerFolder, target) && target !== entryPoint)
        .map(
          (target) => `${relative(repositoryRoot, file)} -> ${relative(repositoryRoot, target)}`,
        ),
    );
    expect(offenders).toEqual([]);
  });

  it("has no checker file importing from outside src/checker, nor any package besides its tests", () => {
    const files = codeFiles().filter((file) => inside(checkerFolder, file));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((file) =>
      importedSpecifiers(readFileSync(file, "utf8"))
        .filter((specifier) =>
          specifier.startsWith(".")
            ? !inside(checkerFolder, resolveRelative(file, specifier))
            : !file.endsWith(".test.ts"),
        )
        .map((specifier) => `${relative(repositoryRoot, file)} -> ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
