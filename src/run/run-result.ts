import {
  type CheckReport,
  RESULT_FORMAT_VERSION,
  type RunFigures,
  type RunResult,
  type RunVerdict,
  runVerdictExitCodes,
  worstRunVerdict,
} from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import { isJudged, partialRunVerdict, runExpectationMet, runVerdict } from "./expectation.js";
import { gitCommit } from "./git-commit.js";
import { raftctlVersion } from "./version.js";

/** How a run ended early, if it did. */
export type RunStop = "interrupt" | "time-limit" | null;

/** Why a run could not finish or be judged, as its verdict and one line. */
export interface RunProblem {
  verdict: Extract<RunVerdict, "bad-input" | "error" | "io-failure">;
  message: string;
}

export interface RunResultInput {
  scenario: Scenario;
  scenarioFile: string | null;
  startedAt: Date;
  wallTimeMs: number;
  checks: CheckReport[];
  figures: RunFigures;
  stop: RunStop;
  /** raftctl's own failure, an I/O failure or a bad input during the run; null otherwise. */
  problem: RunProblem | null;
  /**
   * True when the history is known to be partial for a reason `stop` and `problem` do not say
   * (`raftctl analyze` of a run that was cut short): the verdict is then never pass.
   */
  partial?: boolean;
  reproduce: string;
  reportDir: string;
}

/**
 * The run's result from its checks and how it ended. The verdict is the worst of: interrupted
 * (an interrupt), the problem's verdict (bad input, raftctl's error, an I/O failure), and what
 * the checks found — fail, unknown or pass, where a run cut short is never a pass. The exit
 * code is the verdict's, always (`runVerdictExitCodes`); a scenario's expectation is applied
 * over its seeds by `scenarioExitCode`, and here only says `expectationMet`.
 */
export function buildRunResult(input: RunResultInput): RunResult {
  const { scenario } = input;
  const verdict = resultVerdict(input);
  const expected = scenario.expect;
  const expectationMet =
    expected.verdict === "pass"
      ? verdict === "pass"
      : isJudged(verdict) && runExpectationMet(expected, input.checks);
  return {
    formatVersion: RESULT_FORMAT_VERSION,
    raftctlVersion: raftctlVersion(),
    gitCommit: gitCommit(),
    nodeVersion: process.version,
    mode: scenario.cluster.mode,
    scenario: scenario.name,
    scenarioFile: input.scenarioFile,
    seed: scenario.cluster.seed,
    startedAt: input.startedAt.toISOString(),
    wallTimeMs: Math.round(input.wallTimeMs),
    scenarioDurationMs: scenario.durationMs,
    verdict,
    exitCode: runVerdictExitCodes[verdict],
    expected,
    expectationMet,
    interrupted: isPartial(input),
    error: input.problem?.message ?? null,
    checks: input.checks,
    figures: input.figures,
    reproduce: input.reproduce,
    reportDir: input.reportDir,
  };
}

function resultVerdict(input: RunResultInput): RunVerdict {
  const partial = isPartial(input) || input.problem !== null;
  const found = partial ? partialRunVerdict(input.checks) : runVerdict(input.checks);
  const verdicts: RunVerdict[] = [found];
  if (input.problem !== null) verdicts.push(input.problem.verdict);
  if (input.stop === "interrupt") verdicts.push("interrupted");
  return worstRunVerdict(verdicts);
}

/** Cut short by a stop, or known to be partial; raftctl's own failure is told by `error`. */
function isPartial(input: RunResultInput): boolean {
  return input.stop !== null || input.partial === true;
}

/**
 * The one-line reproduction: `raftctl run FILE --seed N` plus the flags that changed the
 * scenario (`--duration`, `--mode`); for a scenario that came from no file, `raftctl replay DIR`.
 * A file whose name starts with `-` comes last, after `--`, so that it is not read as a flag.
 */
export function reproductionCommand(input: {
  scenarioFile: string | null;
  seed: number;
  extraArguments?: readonly string[];
  reportDir: string;
}): string {
  if (input.scenarioFile === null) return `raftctl replay ${quoteArgument(input.reportDir)}`;
  const flags = ["--seed", String(input.seed), ...(input.extraArguments ?? [])];
  const parts = input.scenarioFile.startsWith("-")
    ? ["raftctl", "run", ...flags, "--", input.scenarioFile]
    : ["raftctl", "run", input.scenarioFile, ...flags];
  return parts.map(quoteArgument).join(" ");
}

/** Quotes an argument for a POSIX shell only when it needs it. */
function quoteArgument(argument: string): string {
  if (/^[\w@%+=:,./-]+$/.test(argument)) return argument;
  return `'${argument.replace(/'/g, "'\\''")}'`;
}
