import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FailureReason, RunResult } from "../../src/report/index.js";
import { failureReasons, runScenario } from "../../src/run/index.js";
import { applyOverrides, loadScenarioFile, type Scenario } from "../../src/scenario/index.js";

/**
 * Running the shipped scenarios (`scenarios/*.yaml`) and the mutants (`scenarios/mutants/*.yaml`)
 * the way `raftctl run FILE --seeds N` does: in-process through `runScenario`, seeds
 * `cluster.seed .. cluster.seed + N - 1`, each run into its own report folder under a temporary
 * root that the caller removes.
 */

export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
export const scenariosDirectory = join(repositoryRoot, "scenarios");
export const mutantsDirectory = join(scenariosDirectory, "mutants");
export const vacuousDirectory = join(scenariosDirectory, "vacuous");

const defaultSeedCount = 3;
/** More than this and one test file would run for hours: a typo in the variable, not a wish. */
const seedCountMax = 1000;

/** `RAFTCTL_TEST_SEEDS` (default 3; `npm run test:seeds` sets 20). */
export function testSeedCount(): number {
  const text = process.env.RAFTCTL_TEST_SEEDS;
  if (text === undefined || text === "") return defaultSeedCount;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > seedCountMax) {
    throw new Error(
      `RAFTCTL_TEST_SEEDS must be an integer from 1 to ${seedCountMax}, got '${text}'`,
    );
  }
  return count;
}

/** The `*.yaml` files of a directory (not its subdirectories), by name. */
export function scenarioNamesIn(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml"))
    .map((entry) => entry.name.slice(0, -".yaml".length))
    .sort();
}

export function scenarioPath(directory: string, name: string): string {
  return join(directory, `${name}.yaml`);
}

/** The seeds `--seeds count` runs: from the scenario's own seed on. */
export function seedsOf(scenario: Scenario, count: number): number[] {
  return Array.from({ length: count }, (_, offset) => scenario.cluster.seed + offset);
}

/** A temporary report root; remove it with `removeReportRoot` after the file's tests. */
export function createReportRoot(label: string): string {
  return mkdtempSync(join(tmpdir(), `raftctl-${label}-`));
}

export function removeReportRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** One run of a scenario file with its seed overridden, as `raftctl run FILE --seed N`. */
export async function runSeed(options: {
  file: string;
  seed: number;
  reportRoot: string;
}): Promise<RunResult> {
  const scenario = applyOverrides(loadScenarioFile(options.file), { seed: options.seed });
  const outcome = await runScenario({
    scenario,
    scenarioFile: options.file,
    reportRoot: options.reportRoot,
  });
  return outcome.result;
}

/** "check: reason" for every check that did not pass, for assertion messages. */
export function checkProblems(result: RunResult): string[] {
  return result.checks
    .filter((check) => check.verdict === "fail" || check.verdict === "unknown")
    .map((check) => `${check.name}: ${check.reason}`);
}

/** The reasons, in `expect.by`'s words, this run failed for. */
export function reasonsFailedFor(result: RunResult): FailureReason[] {
  return failureReasons(result.checks);
}

export interface MutantHunt {
  /** The first seed whose run failed for a reason in `expect.by`; null when none did. */
  caughtBySeed: number | null;
  /** Every run made, in seed order: what it failed for and its problems. */
  runs: { seed: number; reasons: FailureReason[]; problems: string[]; error: string | null }[];
}

/**
 * Runs a mutant's seeds in order until one fails for an expected reason (as `raftctl run`
 * judges a scenario that expects failure: any seed will do), so a reliable mutant costs one run.
 */
export async function huntMutant(options: {
  file: string;
  seeds: readonly number[];
  expectedReasons: readonly FailureReason[];
  reportRoot: string;
}): Promise<MutantHunt> {
  const runs: MutantHunt["runs"] = [];
  for (const seed of options.seeds) {
    const result = await runSeed({ file: options.file, seed, reportRoot: options.reportRoot });
    const reasons = reasonsFailedFor(result);
    runs.push({ seed, reasons, problems: checkProblems(result), error: result.error });
    if (reasons.some((reason) => options.expectedReasons.includes(reason))) {
      return { caughtBySeed: seed, runs };
    }
  }
  return { caughtBySeed: null, runs };
}

/** The scenario with its mutations switched off, expected to pass (the mutant's control run). */
export function withoutMutations(scenario: Scenario): Scenario {
  return {
    ...scenario,
    raft: { ...scenario.raft, mutations: [] },
    expect: { verdict: "pass" },
  };
}
