import { InvalidArgumentError } from "commander";

/**
 * `--report-dir DIR` as commander parses it. An empty name is refused (64): it would put run
 * folders straight into the working directory.
 */
export function parseReportDir(text: string): string {
  if (text.trim() === "") {
    throw new InvalidArgumentError("give a directory name, e.g. reports");
  }
  return text;
}
