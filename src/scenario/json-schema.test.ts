import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  alternativesOf,
  type JsonSchema,
  knownKeysAt,
  scenarioFieldPaths,
  scenarioJsonSchema,
  scenarioJsonSchemaText,
  schemaAt,
} from "./json-schema.js";
import { scenarioJsonSchemaPath } from "./write-json-schema.js";

function objectsOf(schema: JsonSchema): JsonSchema[] {
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : []),
    ...(schema.anyOf ?? []),
  ];
  const own = schema.type === "object" ? [schema] : [];
  return [...own, ...children.flatMap(objectsOf)];
}

describe("the JSON Schema for editors", () => {
  it("is committed in schema/scenario.schema.json as npm run schema writes it", () => {
    const committed = readFileSync(scenarioJsonSchemaPath, "utf8");
    // When this fails, run `npm run schema` and commit the result.
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it("describes the YAML as written, with durations as strings and defaults shown", () => {
    expect(schemaAt(["duration"])).toMatchObject({ type: "string" });
    expect(schemaAt(["cluster", "mode"])).toMatchObject({
      default: "sim",
      enum: ["sim", "process"],
    });
    expect(schemaAt(["workload", "timeout"])).toMatchObject({ type: "string", default: "1s" });
    expect(scenarioJsonSchema().required).toEqual(["name", "duration"]);
  });

  it("rejects unknown keys in every mapping, as raftctl does", () => {
    const objects = objectsOf(scenarioJsonSchema());
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.additionalProperties).toBe(false);
  });

  it("lets raftctl find the schema and keys at any path", () => {
    expect(knownKeysAt(["checks", "linearizable"])).toEqual(["timeout", "memory"]);
    expect(knownKeysAt(["nemesis", 3, "random"])).toEqual(["faults", "every", "for"]);
    expect(alternativesOf(schemaAt(["nemesis", 0, "target"])!).length).toBe(3);
    expect(schemaAt(["cluster", "nope"])).toBeUndefined();
    expect(scenarioFieldPaths()).toContain("nemesis[].random.faults");
  });
});
