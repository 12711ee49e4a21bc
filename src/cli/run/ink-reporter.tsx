import { render } from "ink";
import type { RunResult } from "../../report/index.js";
import type { RunProgress } from "../../run/index.js";
import { RunView, type RunViewProps } from "../views/run-view.js";
import type { RunReporter, Write } from "./reporters.js";

/** Redraws at most this often; progress arrives about ten times a second per run. */
const redrawIntervalMs = 100;

/** The terminal view: finished runs above, running ones live below (see `RunView`). */
export function inkReporter(options: {
  write: Write;
  color: boolean;
  planned: number;
}): RunReporter {
  const finished: RunResult[] = [];
  const running = new Map<number, RunViewProps["running"][number]>();
  const props = (): RunViewProps => ({
    finished: [...finished],
    running: [...running.values()],
    totals: { planned: options.planned, done: finished.length },
    color: options.color,
  });
  const instance = render(<RunView {...props()} />, {
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let lastDrawMs = 0;
  const redraw = (force: boolean) => {
    const nowMs = performance.now();
    if (!force && nowMs - lastDrawMs < redrawIntervalMs) return;
    lastDrawMs = nowMs;
    instance.rerender(<RunView {...props()} />);
  };
  return {
    started: (run) => {
      running.set(run.position, {
        runKey: String(run.position),
        scenario: run.scenario.name,
        seed: run.seed,
      });
      redraw(true);
    },
    progress: (run, progress: RunProgress) => {
      running.set(run.position, { ...progress, runKey: String(run.position) });
      redraw(false);
    },
    finished: (run, result) => {
      running.delete(run.position);
      finished.push(result);
      redraw(true);
    },
    close: (closing) => {
      redraw(true);
      instance.unmount();
      instance.cleanup();
      options.write(`${closing.join("\n")}\n`);
    },
  };
}
