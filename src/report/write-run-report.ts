import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { asReportWriteError } from "./errors.js";
import { type ReportHtmlInput, renderReportHtml } from "./html/render-report-html.js";
import { renderJunitXml } from "./junit.js";
import { type LatestKind, updateLatest } from "./latest-link.js";

export interface RunReportInput extends ReportHtmlInput {
  /**
   * The report root whose `latest` should point at this run. By default the folder two levels
   * up (`<root>/<scenario>/<time>-seed<N>/`, DESIGN.md); null leaves `latest` alone (e.g.
   * `raftctl analyze` rewriting an older run's report).
   */
  reportRoot?: string | null;
}

export interface RunReportFiles {
  resultJson: string;
  reportHtml: string;
  junitXml: string;
  /** The `latest` path, or null when it was left alone. */
  latest: string | null;
  latestKind: LatestKind | null;
}

/** The three files' contents, without touching the disk. */
export function renderRunReportFiles(input: ReportHtmlInput): {
  resultJson: string;
  reportHtml: string;
  junitXml: string;
} {
  return {
    resultJson: `${JSON.stringify(input.result, null, 2)}\n`,
    reportHtml: renderReportHtml(input),
    junitXml: renderJunitXml([input.result]),
  };
}

/**
 * Writes `result.json`, `report.html` and `junit.xml` into `runDir` (made if missing) and
 * points `<root>/latest` at it. The history and events files are the run's, written as it goes.
 * Each file is written under a temporary name and renamed, so a reader (or a run killed
 * meanwhile) never sees half a file.
 */
export async function writeRunReport(
  runDir: string,
  input: RunReportInput,
): Promise<RunReportFiles> {
  const contents = renderRunReportFiles(input);
  const files = {
    resultJson: join(runDir, "result.json"),
    reportHtml: join(runDir, "report.html"),
    junitXml: join(runDir, "junit.xml"),
  };
  try {
    await mkdir(runDir, { recursive: true });
    await writeAtomically(files.resultJson, contents.resultJson);
    await writeAtomically(files.reportHtml, contents.reportHtml);
    await writeAtomically(files.junitXml, contents.junitXml);
  } catch (error) {
    throw asReportWriteError(error, runDir, { midRun: true });
  }
  const root = input.reportRoot === undefined ? dirname(dirname(runDir)) : input.reportRoot;
  if (root === null) return { ...files, latest: null, latestKind: null };
  try {
    const latestKind = await updateLatest(root, runDir);
    return { ...files, latest: join(root, "latest"), latestKind };
  } catch (error) {
    throw asReportWriteError(error, join(root, "latest"), { midRun: true });
  }
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporaryPath = `${path}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporaryPath, content);
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    // Name the file being written, not its temporary name (a write error carries none at all).
    if (error instanceof Error) (error as NodeJS.ErrnoException).path = path;
    throw error;
  }
}
