import { alternativesOf, type JsonSchema } from "./json-schema.js";

/**
 * The words of error messages: what a field expects (read from its JSON Schema, so the message
 * and an editor's hover agree) and what was found instead.
 */

const safeIntegerBound = Number.MAX_SAFE_INTEGER;

export function listWords(words: readonly string[], conjunction = "or"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words[words.length - 1]}`;
}

function describeNumber(schema: JsonSchema, noun: string): string {
  const minimum =
    schema.minimum !== undefined && schema.minimum > -safeIntegerBound ? schema.minimum : undefined;
  const maximum =
    schema.maximum !== undefined && schema.maximum < safeIntegerBound ? schema.maximum : undefined;
  const above = schema.exclusiveMinimum;
  if (minimum !== undefined && maximum !== undefined)
    return `${noun} from ${minimum} to ${maximum}`;
  if (above !== undefined && maximum !== undefined)
    return `${noun} above ${above} and at most ${maximum}`;
  if (minimum !== undefined) return `${noun} of at least ${minimum}`;
  if (above !== undefined) return `${noun} above ${above}`;
  if (maximum !== undefined) return `${noun} of at most ${maximum}`;
  return noun;
}

function describeList(schema: JsonSchema): string {
  const minimum = schema.minItems ?? 0;
  const list =
    minimum === 1 ? "a non-empty list" : minimum > 1 ? `a list of ${minimum} or more` : "a list";
  const items = Array.isArray(schema.items) ? undefined : schema.items;
  if (items === undefined) return list;
  if (items.enum !== undefined) return `${list} drawn from ${items.enum.map(String).join(", ")}`;
  return `${list} where each item is ${describeExpected(items)}`;
}

/** What a value with this schema must be, e.g. "an integer from 1 to 9". */
export function describeExpected(schema: JsonSchema | undefined): string {
  if (schema === undefined) return "nothing here";
  if (schema.title !== undefined) return schema.title;
  if (schema.anyOf !== undefined) return listWords(schema.anyOf.map(describeExpected));
  if (schema.enum !== undefined) return `one of ${schema.enum.map(String).join(", ")}`;
  if (schema.const !== undefined) return String(schema.const);
  switch (schema.type) {
    case "integer":
      return describeNumber(schema, "an integer");
    case "number":
      return describeNumber(schema, "a number");
    case "boolean":
      return "true or false";
    case "string":
      return "text";
    case "array":
      return describeList(schema);
    case "object":
      return "a mapping";
    default:
      return "a value";
  }
}

const longestQuotedText = 40;

/** How a found value reads in a message: `"5 sec"`, `12`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") {
    const shown =
      value.length > longestQuotedText ? `${value.slice(0, longestQuotedText)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return "an empty list";
    return value.length === 1 ? "a list of 1 item" : `a list of ${value.length} items`;
  }
  if (typeof value === "object") return "a mapping";
  return String(value);
}

/** Every enumerated string a schema allows, for "did you mean". */
export function enumeratedValuesOf(schema: JsonSchema | undefined): string[] {
  if (schema === undefined) return [];
  return alternativesOf(schema).flatMap((option) =>
    (option.enum ?? []).filter((value): value is string => typeof value === "string"),
  );
}
