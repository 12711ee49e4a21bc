import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { RunResult } from "../report/index.js";
import { loadScenarioFile, type Scenario } from "../scenario/index.js";
import { RunDirectoryError } from "./errors.js";
import { runFiles } from "./run-directory.js";

/** What a run folder holds that `analyze` and `replay` start from. */
export interface StoredRun {
  runDir: string;
  scenario: Scenario;
  /** `result.json`, or null when the run was killed before writing it. */
  result: RunResult | null;
  warnings: string[];
}

/**
 * Opens a run folder: its `scenario.yaml` (the resolved scenario with its seed) and, when
 * present, its `result.json`. A folder without a scenario is not a run folder; one without a
 * history is a run killed before it recorded anything (analyze: nothing checked, unknown).
 */
export function openStoredRun(givenDir: string): StoredRun {
  const runDir = resolveRunDirectory(givenDir);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new RunDirectoryError(
      `${runDir}: no such run folder; give one such as reports/<scenario>/<UTC time>-seed<N>`,
    );
  }
  if (!existsSync(join(runDir, runFiles.scenario))) {
    throw new RunDirectoryError(
      `${runDir}: no ${runFiles.scenario} here, so it is not a run folder; give one such as reports/<scenario>/<UTC time>-seed<N>`,
    );
  }
  const scenario = loadScenarioFile(join(runDir, runFiles.scenario));
  const warnings: string[] = [];
  return { runDir, scenario, result: readStoredResult(runDir, warnings), warnings };
}

/**
 * The run folder a path names: `reports/latest` is a symlink (followed to the real folder, so a
 * replay lands beside the original) or, where symlinks cannot be made, a file holding the
 * folder's path relative to the report root.
 */
export function resolveRunDirectory(path: string): string {
  if (!existsSync(path)) return path;
  if (lstatSync(path).isSymbolicLink()) return realpathSync(path);
  if (statSync(path).isFile()) {
    const target = readFileSync(path, "utf8").trim();
    if (target !== "" && !target.includes("\n")) return join(dirname(path), target);
  }
  return path;
}

function readStoredResult(runDir: string, warnings: string[]): RunResult | null {
  const path = join(runDir, runFiles.result);
  if (!existsSync(path)) {
    warnings.push(`${path}: missing; the run was cut short before it reported`);
    return null;
  }
  try {
    const result = JSON.parse(readFileSync(path, "utf8")) as RunResult;
    if (result.formatVersion === 1) return result;
    warnings.push(`${path}: formatVersion ${result.formatVersion} is not 1; it is ignored`);
  } catch (error) {
    warnings.push(`${path}: unreadable (${(error as Error).message}); it is ignored`);
  }
  return null;
}

/** The run's start from its folder's name (`20261126T012233Z-seed7`), else its scenario file's time. */
export function startOfStoredRun(runDir: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-seed/.exec(basename(runDir));
  if (match === null) return statSync(join(runDir, runFiles.scenario)).mtime;
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}
