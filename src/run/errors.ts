/**
 * A scenario that validates but cannot run here: a mutation nobody implements, a mode that is not
 * available. The user's to fix: exit 64, with what is valid.
 */
export class RunSetupError extends Error {
  readonly exitCode = 64;
  override name = "RunSetupError";
}

/** A stored run folder `analyze` or `replay` cannot use (missing files, another mode). Exit 64. */
export class RunDirectoryError extends Error {
  readonly exitCode = 64;
  override name = "RunDirectoryError";
}

/**
 * An I/O failure outside raftctl's control during a run: the disk is full, the file system
 * read-only, the device failing (ENOSPC, EROFS, EIO, EDQUOT). Not raftctl's bug and not a bug
 * found: the run ends with verdict `io-failure`, exit 74 (sysexits EX_IOERR). Any error with
 * `exitCode` 74 counts alike — a node that died of one is a NodeFailureError with `exitCode` 74.
 */
export class IoFailureError extends Error {
  readonly exitCode = 74;
  override name = "IoFailureError";
}
