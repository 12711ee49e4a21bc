/**
 * The last line of defence against orphans when the harness ends its own way (normal end, an
 * error, `process.exit` after SIGINT or SIGTERM): an `exit` handler that SIGKILLs every node
 * process group still alive. It runs synchronously, as `exit` handlers must. (A harness killed
 * by a signal it does not handle runs no handler: then the nodes see their control channel close
 * and exit, and the reaper kills any that are stopped.)
 */
const liveGroups = new Set<number>();
let installed = false;

export function guardProcessGroup(processGroup: number): void {
  if (!installed) {
    installed = true;
    process.on("exit", killLiveGroups);
  }
  liveGroups.add(processGroup);
}

export function releaseProcessGroup(processGroup: number): void {
  liveGroups.delete(processGroup);
}

function killLiveGroups(): void {
  for (const group of liveGroups) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}
