import type { CheckResult } from "../../checker/index.js";
import type { NodeEvent } from "../../history/events.js";
import type { HistoryRecord } from "../../history/types.js";
import { type FaultWindow, faultWindowsOf } from "../operations.js";
import type { RunResult } from "../result.js";
import { counterexampleSection } from "./counterexample-section.js";
import { escapeHtml, jsonForScript, safeElementText } from "./html-text.js";
import { PAGE_SCRIPT } from "./page-script.js";
import { PAGE_STYLE } from "./page-style.js";
import { buildReportData } from "./report-data.js";
import { checksSection, figuresSection, headerSection } from "./summary-sections.js";
import { uplotAssets } from "./uplot-assets.js";

export interface ReportHtmlInput {
  result: RunResult;
  /** The history as recorded (possibly cut short). */
  records: readonly HistoryRecord[];
  events: readonly NodeEvent[];
  /** Every node of the cluster, so a node without events still gets its lane. */
  nodes?: readonly string[];
  /** The fault windows; by default the nemesis records of `records`. */
  faultWindows?: readonly FaultWindow[];
  /** The checker's result for the linearizability check; absent when it did not run. */
  linearizability?: CheckResult | null;
}

/**
 * report.html: one self-contained offline page. Everything is inline — styles, uPlot, the
 * page's script and the run's data as one JSON blob — so the file can be mailed, attached to a
 * CI run or opened from disk years later and still draw.
 */
export function renderReportHtml(input: ReportHtmlInput): string {
  const faultWindows = input.faultWindows ?? faultWindowsOf(input.records);
  const data = buildReportData({ ...input, faultWindows });
  const counterexample = counterexampleSection({
    check: input.linearizability,
    faultWindows,
    figures: input.result.figures,
  });
  const uplot = uplotAssets();
  const result = input.result;
  const title = `${result.verdict.toUpperCase()} ${result.scenario} seed=${result.seed} — raftctl`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${safeElementText(uplot.style, "style")}</style>
<style>${safeElementText(PAGE_STYLE, "style")}</style>
<style>${safeElementText(counterexample.css, "style")}</style>
</head>
<body>
<main>
${headerSection(result)}
${checksSection(result)}
${figuresSection(result.figures)}
${chartSections()}
<section id="linearizability"><h2>Linearizability</h2>
${counterexample.html}
</section>
</main>
<div id="tooltip"></div>
<script type="application/json" id="raftctl-report-data">${jsonForScript(data)}</script>
<script>${safeElementText(uplot.script, "script")}</script>
<script>${safeElementText(PAGE_SCRIPT, "script")}</script>
<script>${safeElementText(counterexample.script, "script")}</script>
</body>
</html>
`;
}

function chartSections(): string {
  const swatch = (color: string, label: string) =>
    `<span style="--swatch:${color}">${label}</span>`;
  return `<section id="timeline"><h2>Nodes: role and term</h2>
<div class="legend">${swatch("#2e9d4f", "leader")}${swatch("#e69f00", "candidate")}${swatch("#f5d6a1", "pre-candidate")}${swatch("#c9d3df", "follower")}${swatch("#8e6bbf", "paused")}${swatch("#b8322a", "down")}${swatch("rgba(200,60,60,0.35)", "fault window")}</div>
<div id="timeline-holder"><canvas id="timeline-canvas"></canvas></div>
</section>
<section id="latency"><h2>Latency of every operation</h2>
<div class="chart" id="latency-chart"></div>
<div id="latency-detail">&nbsp;</div>
</section>
<section id="throughput"><h2>Throughput</h2>
<div class="chart" id="throughput-chart"></div>
</section>`;
}
