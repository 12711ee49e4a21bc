import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { RunDirectoryError } from "./errors.js";
import type { RunObserver } from "./progress.js";
import { displayPath, runFiles } from "./run-directory.js";
import type { RunOutcome } from "./run-options.js";
import { runScenario } from "./run-scenario.js";
import { openStoredRun } from "./stored-run.js";

/** Where two files first differ: the 1-based line and both versions of it (shortened). */
export interface FileDifference {
  file: string;
  line: number;
  original: string | null;
  replayed: string | null;
}

export interface ReplayOutcome {
  replay: RunOutcome;
  /** The first difference of each file that differs; empty when the replay is byte-identical. */
  differences: FileDifference[];
  originalVerdict: string;
  /** 0 when identical and the verdict matched; 70 (raftctl's own failure) otherwise. */
  exitCode: 0 | 70;
}

const excerptCharsMax = 160;

/**
 * `raftctl replay RUN_DIR`: re-runs a sim run from its stored `scenario.yaml` (the resolved
 * scenario, seed and overrides included) into a new run folder beside it, and confirms that
 * `history.jsonl` and `events.jsonl` come out byte-identical and the verdict the same. Only a
 * finished sim run can be replayed: process mode follows the seed but not its timing, and a
 * partial history stops at an instant the replay cannot know.
 */
export async function replayRun(
  runDir: string,
  options: { reportRoot?: string; signal?: AbortSignal; observer?: RunObserver } = {},
): Promise<ReplayOutcome> {
  const stored = openStoredRun(runDir);
  const original = stored.result;
  const where = displayPath(stored.runDir);
  if (stored.scenario.cluster.mode !== "sim") {
    throw new RunDirectoryError(
      `${where}: a process-mode run follows its seed but not its timing, so it cannot be replayed byte for byte; run it again with raftctl run`,
    );
  }
  if (original === null || original.interrupted) {
    throw new RunDirectoryError(
      `${where}: the run was cut short, so its history ends at an instant a replay cannot know; run it again with raftctl run --seed ${stored.scenario.cluster.seed}`,
    );
  }
  const replay = await runScenario({
    scenario: stored.scenario,
    scenarioFile: original.scenarioFile,
    reportRoot: options.reportRoot ?? dirname(dirname(stored.runDir)),
    reproduce: `raftctl replay ${where}`,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  });
  const differences = [runFiles.history, runFiles.events]
    .map((file) => firstDifference(file, join(stored.runDir, file), join(replay.runDir, file)))
    .filter((difference) => difference !== null);
  const identical = differences.length === 0 && replay.result.verdict === original.verdict;
  return {
    replay,
    differences,
    originalVerdict: original.verdict,
    exitCode: identical && !replay.result.interrupted ? 0 : 70,
  };
}

/** The first line where two files differ, or null when they are byte-identical. */
export function firstDifference(
  file: string,
  originalPath: string,
  replayedPath: string,
): FileDifference | null {
  const original = readFileSync(originalPath);
  const replayed = readFileSync(replayedPath);
  if (original.equals(replayed)) return null;
  const originalLines = original.toString("utf8").split("\n");
  const replayedLines = replayed.toString("utf8").split("\n");
  const lineCount = Math.max(originalLines.length, replayedLines.length);
  let line = 0;
  while (line < lineCount && originalLines[line] === replayedLines[line]) line += 1;
  return {
    file,
    line: line + 1,
    original: shorten(originalLines[line]),
    replayed: shorten(replayedLines[line]),
  };
}

function shorten(line: string | undefined): string | null {
  if (line === undefined) return null;
  return line.length > excerptCharsMax ? `${line.slice(0, excerptCharsMax)}...` : line;
}
