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
export const maximumProblemsShownPerFile = 20;

export function formatFieldPath(path: FieldPath): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join("");
}

export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.position
    ? `${problem.file}:${problem.position.line}:${problem.position.column}`
    : problem.file;
  const field = problem.field === "" ? "" : `${problem.field}: `;
  const hint = problem.hint ? `\n  ${problem.hint}` : "";
  return `${where}: ${field}${problem.message}${hint}`;
}

function formatProblems(problems: readonly ScenarioProblem[]): string {
  const lines: string[] = [];
  const shownPerFile = new Map<string, number>();
  for (const problem of problems) {
    const shown = shownPerFile.get(problem.file) ?? 0;
    shownPerFile.set(problem.file, shown + 1);
    if (shown < maximumProblemsShownPerFile) lines.push(formatProblem(problem));
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
