import type { CheckResult } from "../../checker/index.js";
import type { HistoryRecord, ModelName } from "../../history/types.js";
import type { CheckReport } from "../../report/index.js";
import type { Scenario } from "../../scenario/index.js";
import { checkHistory } from "../check-history.js";

/** Labels listed in one reason line; the rest are counted. */
const labelsInReasonMax = 5;

export interface LinearizabilityOutcome {
  report: CheckReport;
  /** The checker's full result for the report's counterexample view; null when skipped. */
  result: CheckResult | null;
}

/**
 * Linearizability per key with the scenario's budget. `budgetMsMax` shortens the time budget
 * (an interrupted run checks what there is, quickly). Skipped when the scenario says
 * `linearizable: false`.
 */
export function checkLinearizability(options: {
  records: readonly HistoryRecord[];
  model: ModelName;
  checks: Scenario["checks"];
  budgetMsMax?: number;
}): LinearizabilityOutcome {
  const budget = options.checks.linearizable;
  if (budget === false) {
    return {
      report: {
        name: "linearizability",
        verdict: "skipped",
        reason: "switched off by the scenario",
      },
      result: null,
    };
  }
  const timeoutMs = Math.min(budget.timeoutMs, options.budgetMsMax ?? Number.POSITIVE_INFINITY);
  const result = checkHistory(options.records, options.model, {
    timeoutMs,
    memoryBytes: budget.memoryBytes,
  });
  return { report: reportOf(result), result };
}

function reportOf(result: CheckResult): CheckReport {
  const durationMs = Math.round(result.elapsedMs);
  const keys = result.partitions.length;
  const operations = result.operations.length;
  if (result.verdict === "ok") {
    const reason = `${operations} operations over ${keys} ${keys === 1 ? "key" : "keys"} linearizable`;
    return { name: "linearizability", verdict: "pass", reason, durationMs };
  }
  const verdict = result.verdict === "illegal" ? "illegal" : "unknown";
  const chosen = result.partitions.filter((partition) => partition.verdict === verdict);
  const labels = listed(chosen.map((partition) => partition.label));
  if (verdict === "illegal") {
    const illegalKeys = chosen.map((partition) => partition.label);
    return {
      name: "linearizability",
      verdict: "fail",
      reason: `${labels} not linearizable`,
      durationMs,
      details: { illegalKeys, operations, keys },
    };
  }
  const reasons = [...new Set(chosen.map((partition) => partition.unknownReason ?? "timeout"))];
  return {
    name: "linearizability",
    verdict: "unknown",
    reason: `the checker's budget ran out (${reasons.join(", ")}) before deciding ${labels}; nothing illegal found`,
    durationMs,
    details: { undecidedKeys: chosen.map((partition) => partition.label), operations, keys },
  };
}

function listed(labels: readonly string[]): string {
  const shown = labels.slice(0, labelsInReasonMax).join(", ");
  const hidden = labels.length - labelsInReasonMax;
  return hidden > 0 ? `${shown} and ${hidden} more` : shown;
}
