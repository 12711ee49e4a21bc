import type { AvailabilityFigure, RunFigures, RunResult, RunVerdict } from "../result.js";
import { escapeHtml } from "./html-text.js";

/** The top of the page, rendered on the server side so it reads even with scripts off. */

/** What the notice of a run's `error` says, by verdict (analyze keeps a stored error under its own verdict). */
const problemNotices: Record<RunVerdict, string> = {
  pass: "the live run ended in an error",
  fail: "the live run ended in an error",
  unknown: "the live run ended in an error",
  interrupted: "the live run ended in an error",
  error: "raftctl failed during this run",
  "io-failure": "an I/O failure outside raftctl's control ended this run",
  "bad-input": "a bad input ended this run",
};

export function headerSection(result: RunResult): string {
  const expectation =
    result.expected.verdict === "fail"
      ? `expected: fail by ${result.expected.by.join(" or ")} — ${result.expectationMet ? "met" : "not met"}`
      : `expected: pass — ${result.expectationMet ? "met" : "not met"}`;
  const commit = result.gitCommit === null ? "" : ` (${result.gitCommit.slice(0, 12)})`;
  const meta = [
    `seed ${result.seed}`,
    `mode ${result.mode}`,
    `started ${result.startedAt}`,
    `wall time ${formatMs(result.wallTimeMs)}`,
    `scenario duration ${formatMs(result.scenarioDurationMs)}`,
    result.scenarioFile === null ? "" : `file ${result.scenarioFile}`,
    `raftctl ${result.raftctlVersion}${commit}`,
    `Node.js ${result.nodeVersion}`,
  ].filter((part) => part !== "");
  const notices: string[] = [];
  if (result.interrupted) {
    notices.push(
      "This run was interrupted: the history is partial, and operations still open are shown as info.",
    );
  }
  if (result.error !== null) notices.push(`${problemNotices[result.verdict]}: ${result.error}`);
  return `<header>
<h1><span class="badge ${result.verdict}" id="verdict">${result.verdict.toUpperCase()}</span> ${escapeHtml(result.scenario)}</h1>
<div class="meta">${escapeHtml(meta.join(" · "))}</div>
<div class="meta" id="expectation">${escapeHtml(expectation)} · exit code ${result.exitCode}</div>
${notices.map((notice) => `<div class="notice">${escapeHtml(notice)}</div>`).join("\n")}
<p>Reproduce:</p>
<div class="reproduce" id="reproduce">${escapeHtml(result.reproduce)}</div>
</header>`;
}

export function checksSection(result: RunResult): string {
  const rows = result.checks.map(
    (check) =>
      `<tr><td>${escapeHtml(check.name)}</td><td class="verdict ${check.verdict}">${check.verdict}</td><td>${escapeHtml(check.reason)}</td></tr>`,
  );
  const body =
    rows.length === 0
      ? `<p>No checks ran.</p>`
      : `<table id="checks"><thead><tr><th>check</th><th>verdict</th><th>reason</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`;
  return `<section><h2>Checks</h2>${body}</section>`;
}

function quietItems(quiet: RunFigures["quiet"]): [string, string][] {
  if (quiet === null) return [];
  const perMinute = quiet.electionsPerMinute === null ? "–" : `${quiet.electionsPerMinute}/min`;
  return [
    ["quiet time", formatMs(quiet.durationMs)],
    ["availability in quiet time", share(quiet.operations)],
    ["elections in quiet time", `${quiet.elections} (${perMinute})`],
  ];
}

export function figuresSection(figures: RunFigures): string {
  const operations = figures.operations;
  const latency = figures.latencyMs;
  const items: [string, string][] = [
    ["operations", String(operations.total)],
    ["ok / fail / info", `${operations.ok} / ${operations.fail} / ${operations.info}`],
    ["still open at the end", String(operations.open)],
    ["availability", share(figures.availability.overall)],
    ["availability in faults", share(figures.availability.insideFaults)],
    ["availability outside faults", share(figures.availability.outsideFaults)],
    ...quietItems(figures.quiet),
    ["latency p50", latency === null ? "–" : formatMs(latency.p50)],
    ["latency p99", latency === null ? "–" : formatMs(latency.p99)],
    ["latency max", latency === null ? "–" : formatMs(latency.max)],
    ["throughput (ok/s)", String(figures.throughputOkPerSecond)],
    ["elections", String(figures.elections)],
    ["max term", String(figures.maxTerm)],
    ["faults", String(figures.faults)],
    ["node crashes / restarts", `${figures.nodeCrashes} / ${figures.nodeRestarts}`],
    ["node pauses", String(figures.nodePauses)],
    ["events", String(figures.events)],
    ["history covers", formatMs(figures.historyDurationMs)],
  ];
  const cells = items.map(
    ([label, value]) =>
      `<div class="figure"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div></div>`,
  );
  return `<section><h2>Figures</h2><div class="figures" id="figures">\n${cells.join("\n")}\n</div></section>`;
}

function share(figure: AvailabilityFigure): string {
  if (figure.share === null) return "–";
  return `${(figure.share * 100).toFixed(1)}% of ${figure.total}`;
}

/** 850ms, 2.5s, 3m10s: as the terminal says it. */
export function formatMs(durationMs: number): string {
  if (durationMs < 1) return `${Number(durationMs.toFixed(3))}ms`;
  if (durationMs < 1000) return `${Number(durationMs.toFixed(1))}ms`;
  if (durationMs < 60_000) return `${Number((durationMs / 1000).toFixed(2))}s`;
  const minutes = Math.floor(durationMs / 60_000);
  const seconds = Math.round((durationMs % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}
