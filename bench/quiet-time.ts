/**
 * The quiet-time calibration (`npm run bench:quiet -- REPORT_ROOT ...`): reads every run folder
 * under the report roots given (as `raftctl run scenarios --seeds 40 --report-dir ROOT` leaves
 * them), recomputes its quiet-time figures and the availability and elections checks with this
 * raftctl's settings, and prints one JSON object: per mode and scenario, how many runs, the
 * verdicts of the two checks, and the worst values seen (lowest quiet availability, highest
 * election rate, least quiet time, fewest quiet operations). docs/scenarios.md quotes them to
 * argue the defaults.
 *
 *   npm run bench:quiet -- reports/sim reports/process
 *   npm run bench:quiet -- reports/sim --settle-timeouts 2,3,4   the worst values with other
 *                                            settling times (in election timeouts), to compare
 */

import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readHistoryFile } from "../src/history/read-history.js";
import { computeRunFigures, type QuietFigures } from "../src/report/index.js";
import { quietSettings } from "../src/run/checks/quiet-settings.js";
import { quietTimeChecks } from "../src/run/evaluate-run.js";
import { readEventsFile } from "../src/run/read-events.js";
import { openStoredRun } from "../src/run/stored-run.js";

interface Worst {
  runs: number;
  availability: Record<string, number>;
  elections: Record<string, number>;
  quietAvailabilityMin: number | null;
  electionsPerMinuteMax: number;
  electionsMax: number;
  quietMsMin: number;
  quietOperationsMin: number;
  /** The runs whose checks did not pass, with why. */
  notPassed: string[];
}

function main(): void {
  const args = process.argv.slice(2);
  const settleFlag = args.indexOf("--settle-timeouts");
  const settleTimeouts =
    settleFlag === -1 ? [null] : args.splice(settleFlag, 2)[1]!.split(",").map(Number);
  if (args.length === 0) {
    process.stderr.write("usage: npm run bench:quiet -- REPORT_ROOT ... [--settle-timeouts 2,3]\n");
    process.exit(64);
  }
  const output: Record<string, Record<string, Record<string, Worst>>> = {};
  for (const timeouts of settleTimeouts) {
    const label = timeouts === null ? "default" : `settle ${timeouts} election timeouts`;
    const byMode: Record<string, Record<string, Worst>> = {};
    for (const runDir of args.flatMap(runFolders)) {
      const stored = openStoredRun(runDir);
      const scenario = stored.scenario;
      const electionTimeoutMs = scenario.raft.electionTicks * scenario.cluster.tickMs;
      const settleMs =
        timeouts === null ? quietSettings(scenario).settleMs : timeouts * electionTimeoutMs;
      const history = readHistoryFile(join(runDir, "history.jsonl"), "jsonl");
      const events = readEventsFile(join(runDir, "events.jsonl"), "events.jsonl");
      const figures = computeRunFigures({
        records: history.records,
        events: events.events,
        settleMs,
      });
      const quiet = figures.quiet as QuietFigures;
      const checks = quietTimeChecks(scenario, quiet);
      const mode = byMode[scenario.cluster.mode] ?? {};
      byMode[scenario.cluster.mode] = mode;
      const worst = mode[scenario.name] ?? emptyWorst();
      mode[scenario.name] = worst;
      record(worst, quiet, checks, runDir);
    }
    output[label] = byMode;
  }
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

function emptyWorst(): Worst {
  return {
    runs: 0,
    availability: {},
    elections: {},
    quietAvailabilityMin: null,
    electionsPerMinuteMax: 0,
    electionsMax: 0,
    quietMsMin: Number.POSITIVE_INFINITY,
    quietOperationsMin: Number.POSITIVE_INFINITY,
    notPassed: [],
  };
}

function record(
  worst: Worst,
  quiet: QuietFigures,
  checks: ReturnType<typeof quietTimeChecks>,
  runDir: string,
): void {
  worst.runs += 1;
  const [availability, elections] = checks;
  worst.availability[availability.verdict] = (worst.availability[availability.verdict] ?? 0) + 1;
  worst.elections[elections.verdict] = (worst.elections[elections.verdict] ?? 0) + 1;
  const share = quiet.operations.share;
  if (share !== null) {
    worst.quietAvailabilityMin =
      worst.quietAvailabilityMin === null ? share : Math.min(worst.quietAvailabilityMin, share);
  }
  worst.electionsPerMinuteMax = Math.max(
    worst.electionsPerMinuteMax,
    quiet.electionsPerMinute ?? 0,
  );
  worst.electionsMax = Math.max(worst.electionsMax, quiet.elections);
  worst.quietMsMin = Math.min(worst.quietMsMin, quiet.durationMs);
  worst.quietOperationsMin = Math.min(worst.quietOperationsMin, quiet.operations.total);
  for (const check of checks) {
    if (check.verdict !== "pass") worst.notPassed.push(`${runDir}: ${check.name}: ${check.reason}`);
  }
}

/** The run folders under a report root: ROOT/<scenario>/<run>/ holding a history. */
function runFolders(root: string): string[] {
  const folders: string[] = [];
  for (const scenario of readdirSync(root)) {
    const scenarioDir = join(root, scenario);
    if (scenario === "latest" || !statSync(scenarioDir).isDirectory()) continue;
    for (const run of readdirSync(scenarioDir).sort()) {
      const runDir = join(scenarioDir, run);
      if (existsSync(join(runDir, "history.jsonl"))) folders.push(runDir);
    }
  }
  return folders;
}

main();
