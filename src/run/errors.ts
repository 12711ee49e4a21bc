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
