import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import type { RunCapabilities } from "./capabilities.js";
import { resolveScenarioData } from "./resolve.js";
import { ScenarioError, type ScenarioProblem } from "./scenario-error.js";
import type { Scenario } from "./types.js";
import { parseYamlSource } from "./yaml-source.js";

/** A scenario is a short file; anything larger is refused before it is parsed. */
export const maximumScenarioFileBytes = 1024 * 1024;

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export type ScenarioFileCheck =
  | { file: string; ok: true; scenario: Scenario }
  | { file: string; ok: false; error: ScenarioError };

function fileProblem(file: string, message: string): ScenarioError {
  return new ScenarioError([{ file, position: null, field: "", message }]);
}

/**
 * Parses and resolves the text of a scenario. `fileName` is used in messages only. Throws a
 * ScenarioError listing every problem found (syntax errors alone when the YAML does not parse).
 */
export function parseScenarioText(
  text: string,
  fileName: string,
  capabilities?: RunCapabilities,
): Scenario {
  const parsed = parseYamlSource(text);
  if ("problems" in parsed) {
    throw new ScenarioError(
      parsed.problems.map(({ position, message }) => ({
        file: fileName,
        position,
        field: "",
        message,
      })),
    );
  }
  const resolution = resolveScenarioData({
    fileName,
    data: parsed.source.data,
    source: parsed.source,
    ...(capabilities === undefined ? {} : { capabilities }),
  });
  if ("problems" in resolution) throw new ScenarioError(resolution.problems);
  return resolution.scenario;
}

function readError(path: string, error: unknown): ScenarioError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return fileProblem(path, "no such file; check the path");
  return fileProblem(path, `cannot read the file (${code ?? (error as Error).message})`);
}

function tooLarge(path: string, sizeBytes: number | null): ScenarioError {
  const size = sizeBytes === null ? "more than 1 MiB" : `${sizeBytes} bytes`;
  return fileProblem(path, `the file is ${size}; a scenario file may hold at most 1 MiB`);
}

/**
 * The text of a scenario file, read with a bound: only a regular file is read (a device or a
 * FIFO never ends), and never more than `maximumScenarioFileBytes` of it, even when it grows
 * while being read. Opened without blocking, so a FIFO with no writer is refused, not waited on.
 */
function readScenarioText(path: string): string {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw readError(path, error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) throw fileProblem(path, "is a directory; give a scenario file");
    if (!stats.isFile()) {
      throw fileProblem(
        path,
        "is not a regular file (a device, a FIFO or a socket); give a scenario file",
      );
    }
    if (stats.size > maximumScenarioFileBytes) throw tooLarge(path, stats.size);
    const buffer = Buffer.alloc(maximumScenarioFileBytes + 1);
    let length = 0;
    for (;;) {
      const count = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length > maximumScenarioFileBytes) throw tooLarge(path, null);
    }
    return buffer.toString("utf8", 0, length);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw readError(path, error);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Reads, parses and resolves one scenario file; throws a ScenarioError naming the file. With
 * `capabilities`, also refuses what the run cannot do (see `RunCapabilities`).
 */
export function loadScenarioFile(path: string, capabilities?: RunCapabilities): Scenario {
  return parseScenarioText(readScenarioText(path), path, capabilities);
}

/**
 * The scenario files that `paths` name: a file as given, a directory as its `*.yaml` files
 * (not its subdirectories), sorted. A missing path or a directory without scenarios is a
 * problem of its own.
 */
export function listScenarioFiles(paths: readonly string[]): {
  files: string[];
  problems: ScenarioProblem[];
} {
  const files: string[] = [];
  const problems: ScenarioProblem[] = [];
  const problem = (file: string, message: string) =>
    problems.push({ file, position: null, field: "", message });
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      problem(path, "no such file or directory; check the path");
      continue;
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const entries = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml"))
      .map((entry) => join(path, entry.name))
      .sort();
    if (entries.length === 0) problem(path, "the directory holds no *.yaml scenario files");
    files.push(...entries);
  }
  return { files, problems };
}

/**
 * Loads every scenario that `paths` name and says, per file, whether it is valid: whether it
 * would run, given what the run can do.
 */
export function checkScenarioFiles(
  paths: readonly string[],
  capabilities: RunCapabilities,
): ScenarioFileCheck[] {
  // Path by path, so that results come in the order the paths were given.
  return paths.flatMap((path) => {
    const { files, problems } = listScenarioFiles([path]);
    const unusable = problems.map(
      (problem): ScenarioFileCheck => ({
        file: problem.file,
        ok: false,
        error: new ScenarioError([problem]),
      }),
    );
    return [...unusable, ...files.map((file) => checkScenarioFile(file, capabilities))];
  });
}

function checkScenarioFile(file: string, capabilities: RunCapabilities): ScenarioFileCheck {
  try {
    return { file, ok: true, scenario: loadScenarioFile(file, capabilities) };
  } catch (error) {
    if (error instanceof ScenarioError) return { file, ok: false, error };
    throw error;
  }
}

/**
 * Validates every scenario that `paths` name before any of them runs. Returns them all, or
 * throws one ScenarioError holding the problems of every bad file.
 */
export function validateScenarioFiles(
  paths: readonly string[],
  capabilities: RunCapabilities,
): LoadedScenario[] {
  const checks = checkScenarioFiles(paths, capabilities);
  const problems = checks.flatMap((check) => (check.ok ? [] : check.error.problems));
  if (problems.length > 0) throw new ScenarioError(problems);
  return checks.map((check) => {
    if (!check.ok) throw new Error("unreachable: a failed check without problems");
    return { file: check.file, scenario: check.scenario };
  });
}
