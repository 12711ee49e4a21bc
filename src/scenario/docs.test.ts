import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scenarioFieldPaths } from "./json-schema.js";
import { parseScenarioText } from "./load.js";
import { chosenTargets, faultKinds, partitionShapes } from "./nemesis-input.js";

const documentation = readFileSync(
  fileURLToPath(new URL("../../docs/scenarios.md", import.meta.url)),
  "utf8",
);

describe("docs/scenarios.md", () => {
  it("documents every field of the schema by its full path", () => {
    const missing = scenarioFieldPaths().filter((path) => !documentation.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });

  it("explains every fault, partition shape and target", () => {
    const names = [...faultKinds, ...partitionShapes, ...chosenTargets];
    // A row of a table that starts with the name, or a bullet that starts with it in bold.
    const explained = (name: string) =>
      new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, "m").test(documentation) ||
      documentation.includes(`**\`${name}\`**`);
    const missing = names.filter((name) => !explained(name));
    expect(missing).toEqual([]);
  });

  it("shows only example scenarios that are valid", () => {
    const examples = [...documentation.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (match) => match[1]!,
    );
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [index, example] of examples.entries()) {
      expect(() => parseScenarioText(example, `docs example ${index + 1}`)).not.toThrow();
    }
  });
});
