import {
  type CheckReport,
  RESULT_FORMAT_VERSION,
  type RunFigures,
  type RunResult,
} from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import { runExpectationMet, runVerdict, scenarioExitCode } from "./expectation.js";
import { gitCommit } from "./git-commit.js";
import { raftctlVersion } from "./version.js";

/** How a run ended early, if it did. */
export type RunStop = "interrupt" | "time-limit" | null;

export interface RunResultInput {
  scenario: Scenario;
  scenarioFile: string | null;
  startedAt: Date;
  wallTimeMs: number;
  checks: CheckReport[];
  figures: RunFigures;
  stop: RunStop;
  /** raftctl's own failure during the run, as one line; null otherwise. */
  error: string | null;
  reproduce: string;
  reportDir: string;
}

/**
 * The run's result from its checks. The exit code: 70 for raftctl's own failure, 130 for an
 * interrupt, otherwise the verdict against the expectation (0 pass, 1 fail, 2 unknown; a
 * scenario expecting failure: 0 when this run failed for an expected reason, else 1).
 */
export function buildRunResult(input: RunResultInput): RunResult {
  const { scenario } = input;
  const verdict = runVerdict(input.checks);
  const expected = scenario.expect;
  const expectationMet = input.error === null && runExpectationMet(expected, input.checks);
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
    exitCode: runExitCode({ ...input, verdict, expectationMet }),
    expected,
    expectationMet,
    interrupted: input.stop !== null,
    error: input.error,
    checks: input.checks,
    figures: input.figures,
    reproduce: input.reproduce,
    reportDir: input.reportDir,
  };
}

function runExitCode(
  input: RunResultInput & { verdict: RunResult["verdict"]; expectationMet: boolean },
): number {
  if (input.error !== null) return 70;
  if (input.stop === "interrupt") return 130;
  return scenarioExitCode(input.scenario.expect, [input]);
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
