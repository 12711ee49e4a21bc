import { runCapabilities } from "../../run/index.js";
import {
  applyOverrides,
  maximumSeed,
  type Scenario,
  validateScenarioFiles,
} from "../../scenario/index.js";
import { UsageError } from "../handle-error.js";

/** `raftctl run`'s options as commander hands them over. */
export interface RunCommandOptions {
  seed?: string;
  seeds: string;
  mode?: string;
  duration?: string;
  jobs: string;
  failFast?: boolean;
  reportDir: string;
  junit?: string;
  json?: boolean;
  quiet?: boolean;
  /** Hidden: this process is a `--jobs` child of another raftctl run. */
  child?: boolean;
}

/** One run to do: a scenario file at one seed, overrides applied. */
export interface PlannedRun {
  /** Position in the plan, from 0; also the run's key for progress. */
  position: number;
  file: string;
  scenario: Scenario;
  seed: number;
  /** The flags besides `--seed` a child (and the reproduction line) needs: `--duration`, `--mode`. */
  extraArguments: string[];
}

const seedsMax = 10_000;
export const jobsMax = 64;

/**
 * Every run of the invocation, in order: each file (a directory's `*.yaml`), each seed from
 * `--seed` (default the scenario's own) to `--seed + --seeds - 1`. Everything is validated here,
 * before any run starts: the files, the overrides on each, and whether each can run at all.
 */
export function planRuns(paths: readonly string[], options: RunCommandOptions): PlannedRun[] {
  const seeds = parseCount(options.seeds, "--seeds", seedsMax);
  const firstSeed = options.seed === undefined ? undefined : parseSeed(options.seed);
  const extraArguments = [
    ...(options.duration === undefined ? [] : ["--duration", options.duration]),
    ...(options.mode === undefined ? [] : ["--mode", options.mode]),
  ];
  const runs: PlannedRun[] = [];
  // The files are checked against what the run can do, and so are the overrides on each.
  for (const { file, scenario } of validateScenarioFiles(paths, runCapabilities())) {
    const base = applyOverrides(scenario, definedOverrides(options));
    const start = firstSeed ?? base.cluster.seed;
    if (start + seeds - 1 > maximumSeed) {
      throw new UsageError(
        `${file}: seeds ${start} to ${start + seeds - 1} go past the largest seed, ${maximumSeed}`,
      );
    }
    for (let offset = 0; offset < seeds; offset += 1) {
      const seed = start + offset;
      const seeded = seed === base.cluster.seed ? base : applyOverrides(base, { seed });
      runs.push({ position: runs.length, file, scenario: seeded, seed, extraArguments });
    }
  }
  return runs;
}

function definedOverrides(options: RunCommandOptions): { duration?: string; mode?: string } {
  return {
    ...(options.duration === undefined ? {} : { duration: options.duration }),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  };
}

export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seed) || seed > maximumSeed) {
    throw new UsageError(`--seed must be an integer from 0 to ${maximumSeed}, got '${text}'`);
  }
  return seed;
}

export function parseCount(text: string, flag: string, maximum: number): number {
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || count < 1 || count > maximum) {
    throw new UsageError(`${flag} must be an integer from 1 to ${maximum}, got '${text}'`);
  }
  return count;
}
