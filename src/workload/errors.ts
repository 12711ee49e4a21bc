/** Workload options that cannot be run (a mix with no operations, no clients...). */
export class WorkloadError extends Error {
  readonly exitCode = 64;
  override name = "WorkloadError";
}
