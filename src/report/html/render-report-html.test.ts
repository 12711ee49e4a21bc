import { describe, expect, it } from "vitest";
import { computeRunFigures } from "../figures.js";
import { sampleEvents, sampleHistory, sampleResult } from "../testing/sample-runs.js";
import { checkRegisterHistory, syntheticResult, syntheticRun } from "../testing/synthetic-run.js";
import { renderReportHtml } from "./render-report-html.js";
import type { ReportData } from "./report-data.js";

function embeddedData(html: string): ReportData {
  const match = /<script type="application\/json" id="raftctl-report-data">(.*?)<\/script>/s.exec(
    html,
  );
  if (!match) throw new Error("no data blob in the page");
  return JSON.parse(match[1]!) as ReportData;
}

/** Anything that would make the browser fetch: src/href to a URL, CSS url() or @import, fetch/XHR. */
function externalReferences(html: string): string[] {
  const patterns = [
    /\b(?:src|href)\s*=\s*["']?(?!#|data:)[^"'\s>]+/gi,
    /url\(\s*["']?(?!data:|#)[^)"']+/gi,
    /@import\b/gi,
    /\bfetch\(|XMLHttpRequest|new WebSocket|navigator\.sendBeacon/g,
  ];
  return patterns.flatMap((pattern) => html.match(pattern) ?? []);
}

describe("report.html", () => {
  const records = sampleHistory();
  const events = sampleEvents();
  const result = sampleResult({ figures: computeRunFigures({ records, events }) });

  it("shows quiet time, and availability and elections in it, among the figures", () => {
    const quietResult = sampleResult({
      figures: computeRunFigures({ records, events, settleMs: 5 }),
    });
    const html = renderReportHtml({ result: quietResult, records, events });
    expect(html).toContain('<div class="label">availability in quiet time</div>');
    expect(html).toContain('<div class="label">elections in quiet time</div>');
  });

  it("embeds the run's data once, as JSON that reads back", () => {
    const data = embeddedData(renderReportHtml({ result, records, events }));
    expect(data.result.figures.operations.total).toBe(5);
    expect(data.operations.outcome).toEqual([0, 1, 2, 0, 3]);
    expect(data.operations.latencyMs).toEqual([5, 28, 40, 2, 0]);
    expect(data.faults).toEqual([[10, 30, "partition isolate-leader n1 | n2,n3", "partition"]]);
    expect(data.timeline.map((timeline) => timeline.node)).toEqual(["n1", "n2", "n3"]);
  });

  it("shows the verdict, the checks and the reproduction command at the top", () => {
    const html = renderReportHtml({ result, records, events });
    expect(html).toContain(
      '<div class="reproduce" id="reproduce">raftctl run scenarios/leader-partition.yaml --seed 7</div>',
    );
    expect(html).toContain('<span class="badge pass" id="verdict">PASS</span>');
    expect(html).toContain("leader n1 within 420ms after the final heal");
  });

  it("inlines uPlot and refers to nothing outside the page", () => {
    const html = renderReportHtml({ result, records, events });
    expect(html).toContain("uPlot");
    expect(externalReferences(html)).toEqual([]);
  });

  it("keeps hostile text from closing its element", () => {
    const hostile = sampleResult({
      scenario: "</script><img src=x onerror=alert(1)>",
      reproduce: "a & <b>",
    });
    const html = renderReportHtml({ result: hostile, records, events });
    expect(html.match(/<\/script>/g)).toHaveLength(html.match(/<script\b/g)!.length);
    expect(html).not.toContain("<img src=x");
    expect(embeddedData(html).result.scenario).toBe(hostile.scenario);
  });

  it("renders an empty history and a partial run", () => {
    const empty = renderReportHtml({
      result: sampleResult({ interrupted: true }),
      records: [],
      events: [],
    });
    expect(empty).toContain("This run was interrupted");
    expect(embeddedData(empty).operations.totalCount).toBe(0);
    expect(empty).toContain("Linearizability was not checked in this run.");
  });

  it("says linearizable with the figures when the checker found no violation", () => {
    const run = syntheticRun({ operationsPerSecond: 50, durationMs: 2_000 });
    const check = checkRegisterHistory(run.records);
    expect(check.verdict).toBe("ok");
    const html = renderReportHtml({
      ...run,
      result: syntheticResult(run, check),
      linearizability: check,
    });
    expect(html).toMatch(
      /<p class="linearizable" id="counterexample-summary">linearizable: \d+ operations over \d+ keys/,
    );
  });

  it("stays under 1 MB for a 60 s run at 200 operations/s with a counterexample", () => {
    const run = syntheticRun({ operationsPerSecond: 200, durationMs: 60_000, staleReadAt: 4_001 });
    const check = checkRegisterHistory(run.records);
    expect(check.verdict).toBe("illegal");
    const html = renderReportHtml({
      ...run,
      result: syntheticResult(run, check),
      linearizability: check,
    });
    const sizeBytes = Buffer.byteLength(html);
    expect(embeddedData(html).operations.invokeMs).toHaveLength(12_000);
    expect(html).toContain('id="counterexample-view"');
    expect(sizeBytes).toBeLessThan(1_000_000);
  });
});
