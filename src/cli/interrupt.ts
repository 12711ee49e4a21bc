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

interface ActiveHandler {
  controller: AbortController;
  received: number;
}

/** Handlers of the commands under way, the newest last (one, in practice). */
const activeHandlers: ActiveHandler[] = [];
/** Who installed the process's SIGINT/SIGTERM listeners: nobody yet, main.ts, or a handler. */
let listenersOwner: "none" | "start" | "handler" = "none";
/** Start-up mode: a signal with no handler active waits for the run that is coming. */
let deferUnhandled = false;
/** Signals that arrived, deferred, before the run's handler was installed. */
let deferredSignals = 0;

function onSignal(): void {
  const handler = activeHandlers.at(-1);
  if (handler === undefined) {
    // No command is stopping cleanly: exit at once, unless a run is starting and will (it then
    // finds the signal already received when it installs its handler).
    deferredSignals += 1;
    if (!deferUnhandled || deferredSignals >= signalsBeforeForcedExit) {
      process.exit(ExitCode.interrupted);
    }
    return;
  }
  handler.received += 1;
  if (handler.received === 1) handler.controller.abort();
  // The one place besides main.ts that exits: the user asked three times.
  if (handler.received >= signalsBeforeForcedExit) process.exit(ExitCode.interrupted);
}

function addListeners(): void {
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function removeListeners(): void {
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
}

/**
 * Called first thing at start-up (src/cli/main.ts), before the program's modules load: from here
 * on SIGINT and SIGTERM end raftctl with 130, never by the signal's default action. For a
 * command that stops cleanly (`run`, `replay`: `deferUntilHandler`), a signal before its handler
 * is installed is kept, and the handler starts out interrupted; for any other command it exits
 * at once with 130.
 */
export function watchInterruptsFromStart(options: { deferUntilHandler: boolean }): void {
  deferUnhandled = options.deferUntilHandler;
  if (listenersOwner !== "none") return;
  listenersOwner = "start";
  addListeners();
}

/**
 * Turns SIGINT and SIGTERM into an AbortSignal for the runs below, which then stop cleanly:
 * they stop the cluster, check what there is and write a partial report. A second signal is
 * ignored — on a terminal, Ctrl-C reaches the `--jobs` children directly as well as through the
 * parent, so each child sees two — and a third exits at once with code 130. A signal that came
 * during start-up (see `watchInterruptsFromStart`) counts as received here.
 */
export function installInterruptHandler(): InterruptHandle {
  const handler: ActiveHandler = { controller: new AbortController(), received: 0 };
  if (listenersOwner === "none") {
    listenersOwner = "handler";
    addListeners();
  }
  activeHandlers.push(handler);
  if (deferredSignals > 0) {
    handler.received = deferredSignals;
    deferredSignals = 0;
    handler.controller.abort();
  }
  return {
    signal: handler.controller.signal,
    interrupt: () => handler.controller.abort(),
    dispose: () => {
      const position = activeHandlers.indexOf(handler);
      if (position !== -1) activeHandlers.splice(position, 1);
      // What remains to do (printing, exiting) needs no clean stop: a signal now ends it.
      deferUnhandled = false;
      if (activeHandlers.length === 0 && listenersOwner === "handler") {
        listenersOwner = "none";
        removeListeners();
      }
    },
  };
}
