import type { CheckReport, QuietFigures } from "../../report/index.js";
import { formatDurationMs } from "../../scenario/index.js";

/**
 * Availability in quiet time (no fault active, the cluster settled): a correct Raft must serve
 * there, so a share of ok operations below `minOk` fails. Too little quiet time, or too few
 * operations invoked in it, is unknown: a run that saw almost nothing proves nothing.
 */
export function checkAvailability(input: {
  quiet: QuietFigures;
  floor: { minOk: number; minOperations: number } | false;
  minDurationMs: number;
}): CheckReport {
  const { quiet, floor } = input;
  const { operations } = quiet;
  if (floor === false) {
    return { name: "availability", verdict: "skipped", reason: "switched off by the scenario" };
  }
  const details = { ...floor, minQuietMs: input.minDurationMs, quiet };
  const shares = `${percent(operations.share)} ok in ${formatDurationMs(quiet.durationMs)} of quiet time (${operations.ok}/${operations.total})`;
  const tooLittle = tooLittleObserved(quiet, input.minDurationMs, floor.minOperations);
  if (tooLittle !== null) {
    return { name: "availability", verdict: "unknown", reason: tooLittle, details };
  }
  const verdict = (operations.share ?? 0) >= floor.minOk ? "pass" : "fail";
  const comparison = verdict === "pass" ? "at or above" : "below";
  const reason = `${shares}: ${comparison} the floor of ${percent(floor.minOk)}`;
  return { name: "availability", verdict, reason, details };
}

/** The "too little observed" reason, or null when there is enough quiet time and operations. */
export function tooLittleObserved(
  quiet: QuietFigures,
  minDurationMs: number,
  minOperations: number | null,
): string | null {
  const seen = `${formatDurationMs(quiet.durationMs)} of quiet time with ${quiet.operations.total} operations`;
  if (quiet.durationMs < minDurationMs) {
    return `too little observed: ${seen} (no fault active, ${formatDurationMs(quiet.settleMs)} after each heal); at least ${formatDurationMs(minDurationMs)} needed`;
  }
  if (minOperations !== null && quiet.operations.total < minOperations) {
    return `too little observed: ${seen}; at least ${minOperations} operations needed`;
  }
  return null;
}

function percent(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(1)}%`;
}
