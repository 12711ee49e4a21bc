import type { FieldPath } from "./problem-sink.js";
import type { SourcePosition } from "./yaml-source.js";

/** One problem in one scenario file, placed as precisely as the file allows. */
export interface ScenarioProblem {
  /** The file as the user named it, or the command-line flag an override came from. */
  file: string;
  position: SourcePosition | null;
  /** The field, as `nemesis[1].target`; empty for the file as a whole. */
  field: string;
  message: string;
  /** An optional second line: what to do, or what is allowed. */
  hint?: string;
}

/** Problems shown per file; the rest are counted, since the first ones are the ones to fix. */
export const maximumProblemsShownPerFile = 5;

/** Longest field name and message shown: a binary file must not be echoed back. */
const longestFieldShown = 60;
const longestMessageShown = 300;

/** Control characters, invisible formatting, unassigned and replacement characters. */
const unprintable = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\uFFFD]/gu;

/**
 * Text from the file made safe for a terminal line: anything unprintable as an escape such as
 * `\u001b`, and at most `longest` characters.
 */
export function printable(text: string, longest: number): string {
  const escaped = text.replace(unprintable, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return `\\u${code.toString(16).padStart(4, "0")}`;
  });
  return escaped.length > longest ? `${escaped.slice(0, longest)}...` : escaped;
}

export function formatFieldPath(path: FieldPath): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

function formatWhere(problem: ScenarioProblem): string {
  return problem.position
    ? `${problem.file}:${problem.position.line}:${problem.position.column}`
    : problem.file;
}

function formatLine(problem: ScenarioProblem): string {
  const field = problem.field === "" ? "" : `${printable(problem.field, longestFieldShown)}: `;
  return `${formatWhere(problem)}: ${field}${printable(problem.message, longestMessageShown)}`;
}

export function formatProblem(problem: ScenarioProblem): string {
  const hint = problem.hint ? `\n  ${printable(problem.hint, longestMessageShown)}` : "";
  return `${formatLine(problem)}${hint}`;
}

/** Up to a few problems per file, each hint once per file, then a count of the rest. */
function formatProblems(problems: readonly ScenarioProblem[]): string {
  const lines: string[] = [];
  const shownPerFile = new Map<string, number>();
  const hintsShown = new Set<string>();
  for (const problem of problems) {
    const shown = shownPerFile.get(problem.file) ?? 0;
    shownPerFile.set(problem.file, shown + 1);
    if (shown >= maximumProblemsShownPerFile) continue;
    lines.push(formatLine(problem));
    const hintKey = `${problem.file}\n${problem.hint}`;
    if (problem.hint && !hintsShown.has(hintKey)) {
      lines.push(`  ${printable(problem.hint, longestMessageShown)}`);
      hintsShown.add(hintKey);
    }
  }
  for (const [file, count] of shownPerFile) {
    const hidden = count - maximumProblemsShownPerFile;
    if (hidden > 0) lines.push(`${file}: ... and ${hidden} more problem${hidden === 1 ? "" : "s"}`);
  }
  return lines.join("\n");
}

/**
 * A scenario (or several) that cannot run. The message is ready to print: one line per problem
 * as `file:line:column: field: what is wrong`, sometimes with a second indented line.
 */
export class ScenarioError extends Error {
  readonly exitCode = 64;
  override name = "ScenarioError";
  readonly problems: readonly ScenarioProblem[];

  constructor(problems: readonly ScenarioProblem[]) {
    super(formatProblems(problems));
    if (problems.length === 0) throw new Error("a ScenarioError needs at least one problem");
    this.problems = problems;
  }
}

/** Orders a file's problems as they appear in it; problems of the whole file come first. */
export function byPosition(left: ScenarioProblem, right: ScenarioProblem): number {
  const leftLine = left.position?.line ?? 0;
  const rightLine = right.position?.line ?? 0;
  if (leftLine !== rightLine) return leftLine - rightLine;
  return (left.position?.column ?? 0) - (right.position?.column ?? 0);
}
