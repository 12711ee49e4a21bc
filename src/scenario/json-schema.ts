import { z } from "zod";
import type { FieldPath } from "./problem-sink.js";
import { scenarioSchema } from "./scenario-schema.js";

/** The parts of JSON Schema (draft-07) that raftctl reads back from its own generated schema. */
export interface JsonSchema {
  [keyword: string]: unknown;
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
}

let cachedSchema: JsonSchema | undefined;

/**
 * The JSON Schema of the YAML a person writes (zod's input side: durations are strings, fields
 * with defaults are optional), in draft-07 because editors' YAML language servers know it best.
 * Cross-field rules (mix sums, node ids, windows within the duration) are not in it: raftctl
 * validate checks those.
 */
export function scenarioJsonSchema(): JsonSchema {
  if (cachedSchema !== undefined) return cachedSchema;
  const generated = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-07" });
  const { $schema, ...rest } = generated as JsonSchema;
  cachedSchema = {
    $schema,
    title: "raftctl scenario",
    description:
      "A raftctl chaos scenario: cluster, workload, nemesis, checks. See docs/scenarios.md.",
    ...rest,
  };
  return cachedSchema;
}

/** The schema text as committed in schema/scenario.schema.json. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** A schema and, through `anyOf`, every alternative it allows. */
export function alternativesOf(schema: JsonSchema): JsonSchema[] {
  return schema.anyOf ? [schema, ...schema.anyOf.flatMap(alternativesOf)] : [schema];
}

function childOf(schema: JsonSchema, segment: string | number): JsonSchema | undefined {
  if (typeof segment === "number") {
    return Array.isArray(schema.items) ? schema.items[segment] : schema.items;
  }
  return schema.properties?.[segment];
}

/** The schema of the value at `path` in a scenario, or undefined where the schema has none. */
export function schemaAt(path: FieldPath): JsonSchema | undefined {
  let current: JsonSchema[] = [scenarioJsonSchema()];
  for (const segment of path) {
    current = current
      .flatMap(alternativesOf)
      .map((schema) => childOf(schema, segment))
      .filter((schema): schema is JsonSchema => schema !== undefined);
  }
  if (current.length === 0) return undefined;
  return current.length === 1 ? current[0] : { anyOf: current };
}

/** The keys a mapping at `path` accepts. */
export function knownKeysAt(path: FieldPath): string[] {
  const schema = schemaAt(path);
  if (schema === undefined) return [];
  const keys = alternativesOf(schema).flatMap((option) => Object.keys(option.properties ?? {}));
  return [...new Set(keys)];
}

function collectFieldPaths(schema: JsonSchema, prefix: string, paths: Set<string>): void {
  for (const option of alternativesOf(schema)) {
    for (const [key, child] of Object.entries(option.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      paths.add(path);
      collectFieldPaths(child, path, paths);
    }
    if (option.items !== undefined && !Array.isArray(option.items)) {
      collectFieldPaths(option.items, `${prefix}[]`, paths);
    }
  }
}

/** Every field a scenario may hold, as `cluster.seed`, `nemesis[].random.faults`. */
export function scenarioFieldPaths(): string[] {
  const paths = new Set<string>();
  collectFieldPaths(scenarioJsonSchema(), "", paths);
  return [...paths];
}
