import { Chalk, type ChalkInstance } from "chalk";
import type { RunProgress } from "../../run/index.js";

/**
 * The words of a running run, for the terminal view. Finished runs are told by the report
 * room's `summaryLines`, so the terminal view and the plain lines say the same thing.
 */

export function colorer(useColor: boolean): ChalkInstance {
  return new Chalk({ level: useColor ? 1 : 0 });
}

export function progressLine(progress: RunProgress): string {
  const percent =
    progress.durationMs > 0
      ? Math.min(100, Math.floor((100 * progress.scenarioTimeMs) / progress.durationMs))
      : 0;
  const { ok, fail, info } = progress.counts;
  return `${progress.scenario} seed=${progress.seed} ${progress.phase} ${percent}%  ok=${ok} fail=${fail} info=${info}`;
}

export function nodesLine(progress: RunProgress): string {
  return progress.nodes
    .map((node) => {
      if (!node.up) return `${node.node}:down`;
      const role = node.paused ? "paused" : node.role;
      return `${node.node}:${role} t${node.term} c${node.commitIndex}`;
    })
    .join("  ");
}

export function faultsLine(progress: RunProgress): string {
  return progress.activeFaults.length > 0
    ? `faults: ${progress.activeFaults.join(", ")}`
    : "faults: none";
}
