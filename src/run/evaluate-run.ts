import type { CheckResult } from "../checker/index.js";
import type { InvariantViolation } from "../cluster/invariants/index.js";
import type { NodeEvent } from "../history/events.js";
import type { HistoryRecord, ModelName } from "../history/types.js";
import {
  type CheckReport,
  computeRunFigures,
  type QuietFigures,
  type RunFigures,
} from "../report/index.js";
import type { Scenario } from "../scenario/index.js";
import { checkAvailability } from "./checks/availability-check.js";
import { checkElections } from "./checks/elections-check.js";
import { checkInvariantsReport } from "./checks/invariants-check.js";
import { checkLinearizability } from "./checks/linearizability-check.js";
import { quietSettings } from "./checks/quiet-settings.js";

export interface EvaluationInput {
  scenario: Scenario;
  model: ModelName;
  records: readonly HistoryRecord[];
  events: readonly NodeEvent[];
  invariants: {
    violations: readonly InvariantViolation[];
    violationCount: number;
    eventCount: number;
  };
  /** A node's invariant assertion that fired, as its message; null when none did. */
  assertion: string | null;
  /** Liveness is observed by the live run (or carried over by analyze): given, not computed here. */
  liveness: CheckReport;
  /** Likewise whether a node refused to start or died (see checks/system-check.ts). */
  system: CheckReport;
  /** Caps the checker's time budget (a run cut short checks what there is, quickly). */
  checkBudgetMsMax?: number;
}

export interface Evaluation {
  checks: CheckReport[];
  figures: RunFigures;
  /** The checker's result, for the report's counterexample view; null when skipped. */
  linearizability: CheckResult | null;
}

/**
 * The checks of a run, in a fixed order — linearizability, invariants, liveness, availability,
 * elections, system — and its figures. A finished run and `raftctl analyze` both come here, so
 * they agree. Fault windows, and so quiet time, come from the history's nemesis records in both
 * cases.
 */
export function evaluateRun(input: EvaluationInput): Evaluation {
  const settings = quietSettings(input.scenario);
  const figures = computeRunFigures({
    records: input.records,
    events: input.events,
    settleMs: settings.settleMs,
  });
  const quiet = figures.quiet!;
  const linearizability = checkLinearizability({
    records: input.records,
    model: input.model,
    checks: input.scenario.checks,
    ...(input.checkBudgetMsMax === undefined ? {} : { budgetMsMax: input.checkBudgetMsMax }),
  });
  const invariants = checkInvariantsReport({
    enabled: input.scenario.checks.invariants,
    ...input.invariants,
    assertion: input.assertion,
  });
  const [availability, elections] = quietTimeChecks(input.scenario, quiet);
  return {
    checks: [
      linearizability.report,
      invariants,
      input.liveness,
      availability,
      elections,
      input.system,
    ],
    figures,
    linearizability: linearizability.result,
  };
}

/** The availability and elections checks over a run's quiet-time figures. */
export function quietTimeChecks(
  scenario: Scenario,
  quiet: QuietFigures,
): [availability: CheckReport, elections: CheckReport] {
  const settings = quietSettings(scenario);
  const availability = checkAvailability({
    quiet,
    floor: scenario.checks.availability,
    minDurationMs: settings.minDurationMs,
  });
  const elections = checkElections({
    quiet,
    maxPerMinute: settings.maxElectionsPerMinute,
    minDurationMs: settings.minDurationMs,
  });
  return [availability, elections];
}
