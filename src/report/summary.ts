import { Chalk, type ChalkInstance } from "chalk";
import type { RunResult, RunVerdict } from "./result.js";

/**
 * The plain-text lines a terminal or CI log shows for finished runs:
 *
 *     PASS leader-partition seed=7 12.3s ok=2710 fail=312 info=9  reports/leader-partition/...
 *     FAIL crash-restart seed=3 4.1s ok=1802 fail=240 info=31  reports/crash-restart/...
 *         linearizability: key k3 is not linearizable
 *         reproduce: raftctl run scenarios/crash-restart.yaml --seed 3
 *
 * Colour only when `color` is true; whether it is allowed (a terminal, NO_COLOR) is the
 * caller's decision.
 */

export interface SummaryOptions {
  color: boolean;
}

export type OutcomeWord =
  | "PASS"
  | "FAIL"
  | "UNKNOWN"
  | "INTERRUPTED"
  | "ERROR"
  | "IO-FAILURE"
  | "BAD-INPUT";

/** The word of a run that could not be judged, by its verdict. */
const unjudgedWords: Partial<Record<RunVerdict, OutcomeWord>> = {
  interrupted: "INTERRUPTED",
  error: "ERROR",
  "io-failure": "IO-FAILURE",
  "bad-input": "BAD-INPUT",
};

/**
 * What a run amounts to for the person reading, from its verdict: a run that could not be judged
 * says why; otherwise a mutant that failed as expected is a PASS, one not caught a FAIL.
 */
export function outcomeWord(result: RunResult): OutcomeWord {
  const unjudged = unjudgedWords[result.verdict];
  if (unjudged !== undefined) return unjudged;
  if (result.expectationMet) return "PASS";
  if (result.expected.verdict === "fail") return "FAIL";
  return result.verdict === "unknown" ? "UNKNOWN" : "FAIL";
}

/** The run's line, then for a run that did not meet its expectation what broke and how to reproduce it. */
export function summaryLines(result: RunResult, options: SummaryOptions): string[] {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const lines = [headLine(result, paint)];
  if (outcomeWord(result) === "PASS") return lines;
  lines.push(...problemLines(result).map((line) => `    ${line}`));
  lines.push(`    reproduce: ${paint.bold(result.reproduce)}`);
  return lines;
}

/** The closing line over several runs: "4 runs: 3 passed, 1 failed" (unknown and others only when present). */
export function summaryTotalsLine(results: readonly RunResult[], options: SummaryOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const counts = new Map<OutcomeWord, number>();
  for (const result of results) {
    const word = outcomeWord(result);
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const parts = [
    paint.green(`${counts.get("PASS") ?? 0} passed`),
    paint.red(`${counts.get("FAIL") ?? 0} failed`),
  ];
  const others: [OutcomeWord, string][] = [
    ["UNKNOWN", "unknown"],
    ["INTERRUPTED", "interrupted"],
    ["ERROR", "errored"],
    ["IO-FAILURE", "I/O failures"],
    ["BAD-INPUT", "bad input"],
  ];
  for (const [word, label] of others) {
    const count = counts.get(word) ?? 0;
    if (count > 0) parts.push(paint.yellow(`${count} ${label}`));
  }
  const noun = results.length === 1 ? "run" : "runs";
  return `${results.length} ${noun}: ${parts.join(", ")}`;
}

function headLine(result: RunResult, paint: ChalkInstance): string {
  const word = outcomeWord(result);
  const painted =
    word === "PASS" ? paint.green(word) : word === "FAIL" ? paint.red(word) : paint.yellow(word);
  const note =
    result.expected.verdict === "fail" && result.expectationMet ? " (failed as expected)" : "";
  const time = `${(result.wallTimeMs / 1000).toFixed(1)}s`;
  const { ok, fail, info } = result.figures.operations;
  const counts = `ok=${ok} fail=${fail} info=${info}`;
  return `${painted} ${result.scenario} seed=${result.seed} ${time} ${counts}${note}  ${paint.dim(result.reportDir)}`;
}

const problemLabels: Partial<Record<RunVerdict, string>> = {
  "io-failure": "I/O failure",
  "bad-input": "bad input",
};

function problemLines(result: RunResult): string[] {
  const lines: string[] = [];
  if (result.error !== null)
    lines.push(`${problemLabels[result.verdict] ?? "error"}: ${result.error}`);
  if (result.interrupted) lines.push("interrupted: the history is partial");
  if (result.expected.verdict === "fail") {
    lines.push(
      `expected: a failure by ${result.expected.by.join(" or ")}; none of them failed in this seed`,
    );
  }
  for (const check of result.checks) {
    if (check.verdict === "fail" || check.verdict === "unknown") {
      lines.push(`${check.name}: ${check.verdict === "unknown" ? "unknown: " : ""}${check.reason}`);
    }
  }
  return lines;
}
