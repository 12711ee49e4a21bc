/**
 * A report that cannot be written where the user asked (an unwritable or non-directory
 * `--report-dir`): the user's to fix, so exit 64 with a message saying where and what to do.
 */
export class ReportWriteError extends Error {
  readonly exitCode = 64;
  override name = "ReportWriteError";
}

const userFixableCodes = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENAMETOOLONG"]);

/**
 * Turns a file-system error the user can fix into a ReportWriteError; anything else is left as it
 * is. `midRun`: the folder was writable when the run began, so a read-only file system now is the
 * environment failing under the run (exit 74, src/run/io-failure.ts), not the user's choice of
 * folder: it is left as it is too.
 */
export function asReportWriteError(
  error: unknown,
  path: string,
  options: { midRun?: boolean } = {},
): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !userFixableCodes.has(code)) return error;
  if (options.midRun === true && code === "EROFS") return error;
  return new ReportWriteError(
    `cannot write the report at ${path} (${code}); choose a writable folder with --report-dir`,
  );
}
