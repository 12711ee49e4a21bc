/** A stored run folder `analyze` or `replay` cannot use (missing files, another mode). Exit 64. */
export class RunDirectoryError extends Error {
  readonly exitCode = 64;
  override name = "RunDirectoryError";
}
