import type { z } from "zod";
import { describeExpected, describeValue, enumeratedValuesOf, listWords } from "./describe.js";
import { knownKeysAt, scenarioFieldPaths, schemaAt } from "./json-schema.js";
import type { FieldPath } from "./problem-sink.js";
import { nearestName } from "./suggest.js";
import type { PositionAnchor } from "./yaml-source.js";

/** One problem with a scenario before it is placed in a file. */
export interface FieldProblem {
  path: FieldPath;
  /** Which position the problem points at: the key itself or its value. */
  anchor: PositionAnchor;
  message: string;
  /** An optional second line: what to do. */
  hint?: string;
}

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: FieldPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function didYouMean(found: unknown, candidates: readonly string[]): string {
  if (typeof found !== "string") return "";
  const nearest = nearestName(found, candidates);
  return nearest !== null && nearest !== found ? `; did you mean \`${nearest}\`?` : "";
}

function unknownKeyProblem(objectPath: FieldPath, key: string): FieldProblem {
  const path = [...objectPath, key];
  const known = knownKeysAt(objectPath);
  const suggestion = didYouMean(key, known);
  if (suggestion !== "") return { path, anchor: "key", message: `unknown key${suggestion}` };
  const elsewhere = scenarioFieldPaths().filter(
    (fieldPath) => fieldPath === key || fieldPath.endsWith(`.${key}`),
  );
  const message =
    elsewhere.length > 0
      ? `unknown key here; ${key} belongs in ${listWords(elsewhere.map((where) => `\`${where}\``))}`
      : "unknown key";
  return { path, anchor: "key", message, hint: `keys allowed here: ${known.join(", ")}` };
}

/** Unknown keys reported one by one in a mapping; the rest are counted in one more problem. */
export const maximumUnknownKeysReported = 5;

function unknownKeyProblems(objectPath: FieldPath, keys: readonly string[]): FieldProblem[] {
  if (keys.length <= maximumUnknownKeysReported) {
    return keys.map((key) => unknownKeyProblem(objectPath, key));
  }
  const reported = keys
    .slice(0, maximumUnknownKeysReported - 1)
    .map((key) => unknownKeyProblem(objectPath, key));
  const next = keys[reported.length]!;
  const more = keys.length - reported.length - 1;
  const message = `unknown key, as are ${more} more keys after it in this mapping`;
  return [...reported, { path: [...objectPath, next], anchor: "key", message }];
}

/** The problem when the value at `path` is not what its schema allows. */
function mismatchProblem(data: unknown, path: FieldPath): FieldProblem {
  const schema = schemaAt(path);
  const found = valueAt(data, path);
  const expected = describeExpected(schema);
  if (found === undefined) return { path, anchor: "key", message: `missing; expected ${expected}` };
  const suggestion = didYouMean(found, enumeratedValuesOf(schema));
  return {
    path,
    anchor: "value",
    message: `expected ${expected}, got ${describeValue(found)}${suggestion}`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function countProblem(
  issue: Issue & { code: "too_small" | "too_big" },
  data: unknown,
  path: FieldPath,
): FieldProblem {
  const found = valueAt(data, path);
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const bound = issue.code === "too_small" ? "at least" : "at most";
  const titled = schemaAt(path)?.title !== undefined;
  if (issue.origin === "array" && Array.isArray(found) && !titled) {
    const message = `expected ${bound} ${plural(Number(limit), "item")}, got ${found.length}`;
    return { path, anchor: "value", message };
  }
  if (issue.origin === "string" && typeof found === "string") {
    const message = `expected ${bound} ${plural(Number(limit), "character")}, got ${found.length}`;
    return { path, anchor: "value", message };
  }
  return mismatchProblem(data, path);
}

/** A union's issues for the one alternative that matched the value's type, if exactly one did. */
function matchedAlternative(issue: Issue & { code: "invalid_union" }): Issue[] | null {
  const typeMismatch = (inner: Issue) =>
    inner.path.length === 0 && (inner.code === "invalid_type" || inner.code === "invalid_value");
  const matched = issue.errors.filter((alternative) => !alternative.every(typeMismatch));
  return matched.length === 1 ? matched[0]! : null;
}

function customProblem(
  issue: Issue & { code: "custom" },
  data: unknown,
  path: FieldPath,
): FieldProblem {
  const { message } = issue;
  const anchor = issue.params?.at === "key" ? "key" : "value";
  const found = valueAt(data, path);
  // Refinements phrase "expected ..."; the found value is added here, where the raw data is.
  const withValue =
    message.startsWith("expected ") && found !== undefined && typeof found !== "object"
      ? `${message}, got ${describeValue(found)}`
      : message;
  return { path, anchor, message: withValue };
}

/** Turns zod's issues into problems phrased for a person editing the YAML. */
export function problemsFromIssues(
  issues: readonly Issue[],
  data: unknown,
  prefix: FieldPath = [],
): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    switch (issue.code) {
      case "unrecognized_keys":
        return unknownKeyProblems(path, issue.keys);
      case "invalid_union": {
        const matched = matchedAlternative(issue);
        return matched ? problemsFromIssues(matched, data, path) : [mismatchProblem(data, path)];
      }
      case "custom":
        return [customProblem(issue, data, path)];
      case "too_small":
      case "too_big":
        return [countProblem(issue, data, path)];
      default:
        return [mismatchProblem(data, path)];
    }
  });
}
