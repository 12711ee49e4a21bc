import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * docs/checker-api.md is the guide a user of porcupine-ts follows alone: it must show the
 * example's model as the example runs it, name every export of the entry point, and name the
 * tarball that `npm pack` writes.
 */
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");
const guide = read("docs/checker-api.md");

/** The names `export { ... }` and `export type { ... }` lines of a module give out. */
function exportedNames(source: string): string[] {
  const blocks = [...source.matchAll(/export (?:type )?\{([^}]*)\} from/g)];
  return blocks.flatMap((block) =>
    block[1]!
      .split(",")
      .map((name) => name.trim().replace(/^type /, ""))
      .filter((name) => name.length > 0),
  );
}

describe("the checker's guide", () => {
  it("shows the queue model exactly as examples/queue.mjs defines and runs it", () => {
    const example = read("examples/queue.mjs");
    const start = example.indexOf('/** @type {import("porcupine-ts").Model');
    const end = example.indexOf("\n};\n", start);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(guide).toContain(example.slice(start, end + 3));
  });

  it("names every export of the entry point", () => {
    const names = exportedNames(read("src/checker/index.ts"));
    expect(names).toContain("checkOperations");
    expect(names).toContain("Model");
    expect(names.filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });

  it("installs the tarball npm pack writes for the package's version", () => {
    const { name, version } = JSON.parse(read("src/checker/package.json"));
    expect(guide).toContain(
      `npm install --offline --no-audit --no-fund /path/to/${name}-${version}.tgz`,
    );
  });
});
