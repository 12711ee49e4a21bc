import { mkdir } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { asReportWriteError } from "../report/errors.js";

/** The files of a run folder (DESIGN.md, "Reports and exit codes"). */
export const runFiles = {
  scenario: "scenario.yaml",
  nemesis: "nemesis.json",
  history: "history.jsonl",
  events: "events.jsonl",
  result: "result.json",
  reportHtml: "report.html",
  junit: "junit.xml",
} as const;

/** Runs of one scenario and seed started in the same second get a numbered folder each, up to this. */
const sameSecondRunsMax = 1000;

/** `20261126T012233Z`: the UTC time of a run's start, to the second, sortable as text. */
export function utcStamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Makes `<root>/<scenario>/<UTC time>-seed<seed>/` and returns its path. Two runs of one scenario
 * and seed in the same second (a replay right after its run, parallel jobs) must not share a
 * folder, so the leaf is made without `recursive` and a taken name gets `-2`, `-3`, ...
 */
export async function createRunDirectory(options: {
  root: string;
  scenario: string;
  seed: number;
  startedAt: Date;
}): Promise<string> {
  const parent = join(options.root, options.scenario);
  const base = `${utcStamp(options.startedAt)}-seed${options.seed}`;
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw asReportWriteError(error, parent);
  }
  for (let attempt = 1; attempt <= sameSecondRunsMax; attempt += 1) {
    const path = join(parent, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      await mkdir(path);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw asReportWriteError(error, path);
    }
  }
  throw new Error(`more than ${sameSecondRunsMax} runs of ${base} in one second under ${parent}`);
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  if (fromHere === "") return ".";
  if (fromHere.startsWith(`..${sep}`) || fromHere === ".." || isAbsolute(fromHere)) return path;
  return fromHere;
}
