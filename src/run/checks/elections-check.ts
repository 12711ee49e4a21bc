import type { CheckReport, QuietFigures } from "../../report/index.js";
import { formatDurationMs } from "../../scenario/index.js";
import { tooLittleObserved } from "./availability-check.js";

/**
 * Elections in quiet time: with no fault active a correct Raft keeps its leader, so leaders
 * elected faster than `maxPerMinute` (a timer that is never reset, a leader that cannot hold its
 * followers) fail. The bound allows `maxPerMinute` times the quiet minutes, and always one: a
 * single late election in a short quiet stretch is no rate. Too little quiet time is unknown.
 */
export function checkElections(input: {
  quiet: QuietFigures;
  maxPerMinute: number | null;
  minDurationMs: number;
}): CheckReport {
  const { quiet, maxPerMinute } = input;
  if (maxPerMinute === null) {
    return { name: "elections", verdict: "skipped", reason: "switched off by the scenario" };
  }
  const bound = round(maxPerMinute);
  const details = { maxPerMinute: bound, minQuietMs: input.minDurationMs, quiet };
  const tooLittle = tooLittleObserved(quiet, input.minDurationMs, null);
  if (tooLittle !== null) {
    return { name: "elections", verdict: "unknown", reason: tooLittle, details };
  }
  const rate = quiet.electionsPerMinute ?? 0;
  const allowed = Math.max(1, Math.floor((maxPerMinute * quiet.durationMs) / 60_000));
  const verdict = quiet.elections <= allowed ? "pass" : "fail";
  const comparison = verdict === "pass" ? "within" : "above";
  const reason = `${quiet.elections} leaders elected in ${formatDurationMs(quiet.durationMs)} of quiet time (${round(rate)}/min): ${comparison} the bound of ${bound}/min (${allowed} allowed)`;
  return { name: "elections", verdict, reason, details };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
