import type { CheckReport, RunFigures } from "../../report/index.js";

/**
 * Availability: the share of operations that succeeded, inside and outside fault windows. It
 * fails only under the scenario's floor (`checks.availability.minOk`), which applies outside
 * fault windows: inside them a correct Raft may rightly refuse service, outside it must serve.
 */
export function checkAvailability(input: {
  figures: RunFigures["availability"];
  minOk: number;
}): CheckReport {
  const { insideFaults, outsideFaults } = input.figures;
  const details = { minOk: input.minOk, insideFaults, outsideFaults };
  const shares = `${percent(outsideFaults.share)} ok outside fault windows (${outsideFaults.ok}/${outsideFaults.total}), ${percent(insideFaults.share)} inside (${insideFaults.ok}/${insideFaults.total})`;
  if (input.minOk === 0) {
    return { name: "availability", verdict: "pass", reason: `${shares}; no floor set`, details };
  }
  if (outsideFaults.share === null) {
    const reason = `no operations outside fault windows to hold to the floor of ${percent(input.minOk)}`;
    return { name: "availability", verdict: "skipped", reason, details };
  }
  const verdict = outsideFaults.share >= input.minOk ? "pass" : "fail";
  const comparison = verdict === "pass" ? "at or above" : "below";
  const reason = `${shares}: ${comparison} the floor of ${percent(input.minOk)}`;
  return { name: "availability", verdict, reason, details };
}

function percent(share: number | null): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(1)}%`;
}
