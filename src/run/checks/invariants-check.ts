import type { InvariantViolation } from "../../cluster/invariants/index.js";
import type { CheckReport } from "../../report/index.js";

/** Violations listed in full in the report's details; the count says how many there were. */
const violationsInDetailsMax = 20;

export interface InvariantsInput {
  /** Whether the scenario asks for the event-stream check (`checks.invariants`). */
  enabled: boolean;
  violations: readonly InvariantViolation[];
  violationCount: number;
  eventCount: number;
  /**
   * A Raft invariant assertion that fired inside a node (the core's or the node host's), as its
   * message; null when none did. It is a found violation whatever the scenario's switches say:
   * the Raft under test broke.
   */
  assertion: string | null;
}

/** The invariants check: the assertion a node threw, else the event-stream checker's findings. */
export function checkInvariantsReport(input: InvariantsInput): CheckReport {
  if (input.assertion !== null) {
    return {
      name: "invariants",
      verdict: "fail",
      reason: `a node's assertion fired: ${input.assertion}`,
      details: { assertion: input.assertion, violations: listedViolations(input) },
    };
  }
  if (!input.enabled) {
    return { name: "invariants", verdict: "skipped", reason: "switched off by the scenario" };
  }
  if (input.violationCount === 0) {
    return {
      name: "invariants",
      verdict: "pass",
      reason: `all invariants held over ${input.eventCount} events`,
    };
  }
  const [first] = input.violations;
  const where = first ? describeViolation(first) : "";
  const more = input.violationCount > 1 ? ` (and ${input.violationCount - 1} more)` : "";
  return {
    name: "invariants",
    verdict: "fail",
    reason: `${where}${more}`,
    details: { violationCount: input.violationCount, violations: listedViolations(input) },
  };
}

function listedViolations(input: InvariantsInput): InvariantViolation[] {
  return input.violations.slice(0, violationsInDetailsMax);
}

function describeViolation(violation: InvariantViolation): string {
  const place = [
    `node ${violation.node}`,
    violation.term === undefined ? null : `term ${violation.term}`,
    violation.index === undefined ? null : `index ${violation.index}`,
  ]
    .filter((part) => part !== null)
    .join(", ");
  return `${violation.rule} broken (${place}): ${violation.message}`;
}
