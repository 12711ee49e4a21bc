/** A process cluster was built or called with something impossible (a user or caller error). */
export class ProcessClusterArgumentError extends Error {
  readonly exitCode = 64;
  override name = "ProcessClusterArgumentError";
}

/** A node process could not be started, or failed to do what the harness asked. */
export class NodeProcessError extends Error {
  override name = "NodeProcessError";
  /** The system error code the node reported dying of (EADDRINUSE, ENOSPC), if any. */
  code?: string;
  /** Where it met that error, if it said. */
  path?: string;
  constructor(
    readonly node: string,
    message: string,
    /** The last lines of the node's log, when there is one to show. */
    readonly logTail = "",
  ) {
    super(
      logTail === "" ? message : `${message}\n--- last lines of the node's log ---\n${logTail}`,
    );
  }
}

/** The cluster was stopped: nothing more can be asked of it. */
export class ProcessClusterStoppedError extends Error {
  override name = "ProcessClusterStoppedError";
}
