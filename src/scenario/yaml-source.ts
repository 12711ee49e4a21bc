import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from "yaml";
import type { FieldPath } from "./problem-sink.js";

export interface SourcePosition {
  line: number;
  column: number;
}

/** Where in the file a problem points: at a key, at a value, or (for a missing key) its mapping. */
export type PositionAnchor = "key" | "value";

export interface SyntaxProblem {
  position: SourcePosition | null;
  message: string;
}

/** A parsed YAML file: its data, and the position of any path in it. */
export interface YamlSource {
  readonly data: unknown;
  locate(path: FieldPath, anchor: PositionAnchor): SourcePosition | null;
}

/** A bound on alias expansion, against "billion laughs" files. */
const maximumAliasCount = 100;

type Located = { node: Node | null; key: Node | null };

function resolved(node: unknown, document: Document): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/**
 * Follows `path` through the document as far as it exists. Returns the deepest node reached and
 * the key it sits under (null for a sequence item or the root).
 */
function follow(document: Document, path: FieldPath): Located {
  let current: Located = { node: document.contents as Node | null, key: null };
  for (const segment of path) {
    const node = resolved(current.node, document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) return current;
      current = { node: (pair.value as Node | null) ?? null, key: pair.key as Node };
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment] !== undefined) {
      current = { node: node.items[segment] as Node, key: null };
    } else {
      return current;
    }
  }
  return current;
}

function startOf(node: Node | null): number | null {
  return node?.range?.[0] ?? null;
}

/**
 * Keys that are lists, mappings or empty (YAML allows them, a scenario has no use for them), and
 * keys given twice in one mapping. Duplicates are found here, one set lookup per key, rather than
 * by the parser, which compares each key with every earlier one of its mapping.
 */
function keyProblems(
  document: Document,
  position: (offset: number | null) => SourcePosition | null,
): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value !== null) return;
      const start = startOf(pair.key as Node | null) ?? startOf(pair.value as Node | null);
      problems.push({
        position: position(start),
        message: "a key must be a plain name, not a list, a mapping or nothing",
      });
    },
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || pair.key.value === null) continue;
        const name = String(pair.key.value);
        if (seen.has(name)) {
          problems.push({
            position: position(startOf(pair.key as Node)),
            message: "YAML syntax: Map keys must be unique",
          });
        }
        seen.add(name);
      }
    },
  });
  return problems;
}

function byLineAndColumn(left: SyntaxProblem, right: SyntaxProblem): number {
  const line = (left.position?.line ?? 0) - (right.position?.line ?? 0);
  return line !== 0 ? line : (left.position?.column ?? 0) - (right.position?.column ?? 0);
}

export function parseYamlSource(
  text: string,
): { source: YamlSource } | { problems: SyntaxProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const position = (offset: number | null): SourcePosition | null => {
    if (offset === null) return null;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        position: position(error.pos[0]),
        message: `YAML syntax: ${error.message}`,
      })),
    };
  }
  const badKeys = keyProblems(document, position);
  if (badKeys.length > 0) return { problems: badKeys.sort(byLineAndColumn) };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: maximumAliasCount });
  } catch (error) {
    return { problems: [{ position: null, message: `YAML: ${(error as Error).message}` }] };
  }
  const locate = (path: FieldPath, anchor: PositionAnchor): SourcePosition | null => {
    const reached = follow(document, path);
    const valueStart = startOf(reached.node) ?? startOf(reached.key);
    const keyStart = startOf(reached.key) ?? startOf(reached.node);
    return position(anchor === "key" ? keyStart : valueStart);
  };
  return { source: { data, locate } };
}
