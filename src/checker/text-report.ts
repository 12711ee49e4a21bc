import type {
  CheckedOperation,
  CheckResult,
  CounterexampleEnding,
  PartitionResult,
} from "./result.js";

export interface TextReportOptions {
  /** How to show a time of the history (default: the number as is). */
  formatTime?: (time: number) => string;
  /** Prefix-steps shown before the point of failure. Default 3. */
  prefixStepsShown?: number;
}

/**
 * A few terminal lines that say why a check failed: which partition, the last steps of the
 * longest linearizable prefix with the state they reach, the operations that cannot come
 * next from there, the operation that had to take effect before it returned, and the
 * minimal failing sub-history. Empty for `ok`; one line for `unknown`.
 */
export function describeFailure(result: CheckResult, options: TextReportOptions = {}): string[] {
  if (result.verdict === "ok") return [];
  if (result.verdict === "unknown") return [describeUnknown(result)];
  const illegal = result.partitions.filter((partition) => partition.verdict === "illegal");
  const lines: string[] = [];
  for (const partition of illegal.slice(0, 3))
    lines.push(...describeIllegalPartition(result, partition, options));
  if (illegal.length > 3) lines.push(`(${illegal.length - 3} more illegal partitions)`);
  return lines;
}

/** "ok: 1712 operations, 10 partitions, 84ms", and the like. */
export function describeVerdict(result: CheckResult): string {
  const counts = `${result.operations.length} operations, ${result.partitions.length} partition${result.partitions.length === 1 ? "" : "s"}`;
  const elapsed = `${Math.round(result.elapsedMs)}ms`;
  if (result.verdict === "ok") return `ok: linearizable (${counts}, ${elapsed})`;
  if (result.verdict === "unknown")
    return `unknown: ${describeUnknown(result)} (${counts}, ${elapsed})`;
  const labels = result.partitions
    .filter((partition) => partition.verdict === "illegal")
    .map((partition) => partition.label);
  return `illegal: not linearizable at ${labels.join(", ")} (${counts}, ${elapsed})`;
}

function describeUnknown(result: CheckResult): string {
  const undecided = result.partitions.filter((partition) => partition.verdict === "unknown");
  const reasons = [...new Set(undecided.map((partition) => partition.unknownReason ?? "timeout"))];
  const budget = reasons.map((reason) =>
    reason === "memory" ? "memory budget" : reason === "timeout" ? "time limit" : reason,
  );
  return `${undecided.length} of ${result.partitions.length} partitions undecided (${budget.join(", ")} reached): ${undecided
    .slice(0, 5)
    .map((partition) => partition.label)
    .join(", ")}${undecided.length > 5 ? ", ..." : ""}`;
}

function describeIllegalPartition(
  result: CheckResult,
  partition: PartitionResult,
  options: TextReportOptions,
): string[] {
  const formatTime = options.formatTime ?? String;
  const ending = partition.counterexample?.endings[0];
  const lines = [
    `${partition.label}: not linearizable (${partition.operationIds.length} operations)`,
  ];
  const conflict = partition.counterexample?.conflict;
  if (conflict) {
    lines.push("  these two reads cannot both be right, in either order:");
    for (const id of [conflict.first, conflict.second]) {
      lines.push(`    ${describeOperation(result.operations[id]!, formatTime)}`);
    }
    lines.push(
      "  the later one's value cannot grow from the earlier one's, and no write that could come between them starts it",
    );
    return lines;
  }
  if (!ending) return lines;
  lines.push(...describePrefix(result, partition, ending, options.prefixStepsShown ?? 3));
  lines.push(`  from state ${ending.state}, none of these can take effect next:`);
  for (const id of ending.blocked.slice(0, 6))
    lines.push(`    ${describeOperation(result.operations[id]!, formatTime)}`);
  if (ending.blocked.length > 6) lines.push(`    (${ending.blocked.length - 6} more)`);
  const mustPrecede = result.operations[ending.mustPrecede];
  if (mustPrecede && mustPrecede.returnTime !== null) {
    lines.push(
      `  and #${mustPrecede.id} had to take effect before it returned at ${formatTime(mustPrecede.returnTime)}`,
    );
  }
  const others = (partition.counterexample?.endings.length ?? 1) - 1;
  if (others > 0)
    lines.push(
      `  (${others} other longest prefix${others === 1 ? "" : "es"} reach other states and fail the same way)`,
    );
  const minimal = partition.counterexample?.minimal;
  if (minimal && minimal.readOnlyRemoved > 0) {
    const reads = minimal.readOnlyKept.map((id) => `#${id}`).join(" ");
    const changing = minimal.operationIds.length - minimal.readOnlyKept.length;
    const stopped = minimal.complete ? "" : " (shrinking stopped at its time budget)";
    lines.push(
      `  it still fails with its ${changing} state-changing operations and only these reads: ${reads}${stopped}`,
    );
  }
  return lines;
}

function describePrefix(
  result: CheckResult,
  partition: PartitionResult,
  ending: CounterexampleEnding,
  stepsShown: number,
): string[] {
  if (ending.prefix.length === 0)
    return [`  no operation can take effect first (initial state ${partition.initialState})`];
  const lines = [
    `  longest linearizable prefix: ${ending.prefix.length} operations; its last steps:`,
  ];
  for (const step of ending.prefix.slice(-stepsShown)) {
    const operation = result.operations[step.operationId]!;
    lines.push(
      `    #${operation.id} ${clientName(operation)} ${operation.description}  => ${step.stateAfter}`,
    );
  }
  return lines;
}

function describeOperation(
  operation: CheckedOperation,
  formatTime: (time: number) => string,
): string {
  const returned =
    operation.returnTime === null
      ? "never returned"
      : `returned ${formatTime(operation.returnTime)}`;
  return `#${operation.id} ${clientName(operation)} ${operation.description}  (called ${formatTime(operation.callTime)}, ${returned})`;
}

/** A numbered client (a Jepsen process) as p3; a client named by text by its name. */
function clientName(operation: CheckedOperation): string {
  return typeof operation.clientId === "number" ? `p${operation.clientId}` : operation.clientId;
}
