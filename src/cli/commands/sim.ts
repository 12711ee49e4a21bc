import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { runSimTour, type SimReport } from "../../run/sim-tour.js";
import { formatDurationMs, parseDurationMs } from "../../scenario/units.js";
import { ExitCode } from "../exit-codes.js";
import { UsageError } from "../handle-error.js";
import type { CommandContext } from "../program.js";

/**
 * `raftctl sim [--nodes 5] [--duration 30s] [--seed N] [--json]`: runs a simulated cluster for
 * the simulated duration under a small random fault loop drawn from the seed (partitions,
 * crashes with and without lost or torn unsynced writes, pauses, lossy links), with a light
 * client load, and prints what happened. Exit 1 when an invariant broke (or a node's own
 * assertion fired), 0 otherwise.
 */
interface SimCommandOptions {
  nodes: string;
  duration: string;
  seed?: string;
  json?: boolean;
}

const durationMsMax = 3_600_000;

export function registerSimCommand(program: Command, context: CommandContext): void {
  program
    .command("sim")
    .description("run a simulated cluster under random faults and print what happened")
    .option("--nodes <count>", "number of nodes (1 to 9)", "5")
    .option("--duration <duration>", "simulated time to run, e.g. 30s, 2m", "30s")
    .option("--seed <n>", "the seed (a non-negative integer); random when omitted")
    .option("--json", "print the report as one JSON object")
    .action(async (options: SimCommandOptions) => {
      const report = await runSimTour(parseOptions(options));
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report),
      );
      context.setExitCode(exitCodeOf(report));
    });
}

/** 1 for a broken invariant (found by the checker or asserted by a node), 70 for raftctl's own failure. */
function exitCodeOf(report: SimReport): number {
  if (report.violations.length > 0 || report.failureIsViolation) return ExitCode.failed;
  if (report.failure !== null) return ExitCode.internal;
  return ExitCode.passed;
}

function parseOptions(options: SimCommandOptions): {
  nodes: number;
  durationMs: number;
  seed: number;
} {
  const nodes = Number(options.nodes);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
    throw new UsageError(`--nodes must be an integer from 1 to 9, got '${options.nodes}'`);
  }
  const durationMs = parseDurationMs(options.duration);
  if (!(durationMs >= 1000 && durationMs <= durationMsMax)) {
    throw new UsageError(`--duration must be between 1s and 1h, got '${options.duration}'`);
  }
  const seed = options.seed === undefined ? randomInt(0, 2 ** 31) : Number(options.seed);
  if (!/^\d+$/.test(options.seed ?? "0") || !Number.isSafeInteger(seed)) {
    throw new UsageError(`--seed must be a non-negative integer, got '${options.seed}'`);
  }
  return { nodes, durationMs, seed };
}

function formatReport(report: SimReport): string {
  const lines = [
    `raftctl sim: ${report.nodes} nodes, ${formatDurationMs(report.durationMs)} simulated, seed ${report.seed}`,
  ];
  for (const fault of report.faults) {
    lines.push(
      `  ${seconds(fault.atMs)}  ${fault.fault.padEnd(9)} ${fault.detail} for ${formatDurationMs(fault.forMs)}`,
    );
  }
  const terms = report.elections.map((election) => election.term);
  const leaders = report.elections
    .map((election) => `${election.leader}@${election.term}`)
    .join(" ");
  lines.push(
    `elections: ${report.elections.length}, last term ${terms.length ? Math.max(...terms) : 0}${leaders ? ` (${leaders})` : ""}`,
  );
  const { ok, fail, unknown } = report.operations;
  lines.push(`operations: ${ok} ok, ${fail} fail, ${unknown} unknown`);
  lines.push(
    `committed index: ${Object.entries(report.commitIndex)
      .map(([node, index]) => `${node} ${index}`)
      .join(", ")}`,
  );
  if (report.failure !== null) lines.push(`FAILED: ${report.failure}`);
  if (report.violations.length === 0) {
    lines.push(`invariants: no violations in ${report.eventsChecked} events`);
  } else {
    lines.push(`invariants: ${report.violations.length} violation(s)`);
    for (const violation of report.violations.slice(0, 10))
      lines.push(`  ${violation.rule}: ${violation.message}`);
  }
  lines.push(`seed ${report.seed}; reproduce with: ${report.reproduce}`);
  return `${lines.join("\n")}\n`;
}

function seconds(timeMs: number): string {
  return `${(timeMs / 1000).toFixed(3)}s`.padStart(9);
}
