import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScript, renderScript } from "./testing/datadriven.js";
import { runCommand } from "./testing/interaction-commands.js";
import { InteractionEnv } from "./testing/interaction-env.js";

/**
 * Replays every script in testdata/ and compares the whole trace exactly. With
 * RAFTCTL_REWRITE=1 the expected output is regenerated instead, for review as a diff.
 */
const testdataDirectory = join(import.meta.dirname, "testdata");
const rewrite = process.env.RAFTCTL_REWRITE === "1";
const scripts = readdirSync(testdataDirectory)
  .filter((name) => name.endsWith(".txt"))
  .sort();

describe("interaction scripts", () => {
  it("exist", () => {
    expect(scripts.length).toBeGreaterThan(0);
  });

  for (const name of scripts) {
    it(`${name} replays to exactly its expected trace`, () => {
      const path = join(testdataDirectory, name);
      const original = readFileSync(path, "utf8");
      const env = new InteractionEnv();
      const cases = parseScript(original, name).map((scriptCase) => ({
        ...scriptCase,
        output: runCommand(env, scriptCase.command),
      }));
      const actual = renderScript(cases);
      if (rewrite) writeFileSync(path, actual);
      else expect(actual).toBe(original);
    });
  }
});
