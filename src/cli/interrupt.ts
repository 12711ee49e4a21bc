import { ExitCode } from "./exit-codes.js";

/** Signals after which raftctl stops waiting for a clean stop and exits at once. */
const signalsBeforeForcedExit = 3;

export interface InterruptHandle {
  signal: AbortSignal;
  /** Interrupts as a signal would (a `--jobs` child whose parent went away). */
  interrupt(): void;
  /** Removes the handlers; call when the command is done. */
  dispose(): void;
}

/**
 * Turns SIGINT and SIGTERM into an AbortSignal for the runs below, which then stop cleanly:
 * they stop the cluster, check what there is and write a partial report. A second signal is
 * ignored — on a terminal, Ctrl-C reaches the `--jobs` children directly as well as through the
 * parent, so each child sees two — and a third exits at once with code 130.
 */
export function installInterruptHandler(): InterruptHandle {
  const controller = new AbortController();
  let received = 0;
  const onSignal = () => {
    received += 1;
    if (received === 1) controller.abort();
    // The one place besides main.ts that exits: the user asked three times.
    if (received >= signalsBeforeForcedExit) process.exit(ExitCode.interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    interrupt: () => controller.abort(),
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
