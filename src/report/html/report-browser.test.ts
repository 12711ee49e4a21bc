import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeRunFigures } from "../figures.js";
import { firstOperationIllegalHistory, sampleResult } from "../testing/sample-runs.js";
import { checkRegisterHistory, syntheticResult, syntheticRun } from "../testing/synthetic-run.js";
import { type ReportHtmlInput, renderReportHtml } from "./render-report-html.js";

/**
 * report.html in a real browser: Debian's chromium, headless, through playwright-core. Where
 * chromium is missing the suite says so and is skipped, except under CI=true, where it must be
 * there (`.ci/run` installs it) and its absence fails.
 */

const CHROMIUM_PATH = "/usr/bin/chromium";
const chromiumPresent = existsSync(CHROMIUM_PATH);
const underCi = process.env.CI === "true";

if (!chromiumPresent && !underCi) {
  console.warn(
    `report-browser.test: ${CHROMIUM_PATH} is absent, so the real-browser test is skipped (apt-get install chromium)`,
  );
}

describe.runIf(!chromiumPresent && underCi)("the real-browser test under CI", () => {
  it("finds chromium, which .ci/run installs", () => {
    expect.fail(
      `${CHROMIUM_PATH} is missing under CI=true: .ci/run should have installed Debian's chromium`,
    );
  });
});

/** The little of a page's canvas the test reads (the project compiles without the DOM library). */
interface CanvasInPage {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> };
  };
}

interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
}

describe.runIf(chromiumPresent)("report.html in chromium", () => {
  let workDir: string;
  let context: BrowserContext;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "raftctl-browser-"));
    const profileDir = join(workDir, "profile");
    await mkdir(profileDir);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await context?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function openReport(
    name: string,
    input: ReportHtmlInput,
  ): Promise<{ page: Page; problems: PageProblems }> {
    const path = join(workDir, `${name}.html`);
    await writeFile(path, renderReportHtml(input));
    const page = await context.newPage();
    const problems: PageProblems = {
      consoleErrors: [],
      pageErrors: [],
      failedRequests: [],
      foreignRequests: [],
    };
    const reportUrl = pathToFileURL(path).href;
    page.on("console", (message) => {
      if (message.type() === "error") problems.consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => problems.pageErrors.push(error.message));
    page.on("requestfailed", (request) => problems.failedRequests.push(request.url()));
    page.on("request", (request) => {
      if (request.url() !== reportUrl) problems.foreignRequests.push(request.url());
    });
    await page.goto(reportUrl, { waitUntil: "load" });
    await page
      .waitForSelector("#timeline-canvas[data-drawn=true]", { timeout: 10_000 })
      .catch((error: Error) => {
        // A script error is the likely cause; say it rather than only that the wait timed out.
        throw new Error(
          `the page did not draw: ${error.message}\n${JSON.stringify(problems, null, 2)}`,
        );
      });
    if (process.env.RAFTCTL_SCREENSHOT_DIR) {
      await page.screenshot({
        path: join(process.env.RAFTCTL_SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
      });
    }
    return { page, problems };
  }

  function expectNoProblems(problems: PageProblems): void {
    expect(problems).toEqual({
      consoleErrors: [],
      pageErrors: [],
      failedRequests: [],
      foreignRequests: [],
    });
  }

  /** Non-transparent pixels of a canvas: a drawn canvas has many, an untouched one none. */
  async function paintedPixels(page: Page, selector: string): Promise<number> {
    return page.$eval(selector, (element) => {
      const canvas = element as unknown as CanvasInPage;
      const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) painted++;
      return painted;
    });
  }

  async function expectVisible(page: Page, selector: string): Promise<void> {
    const box = await page.locator(selector).first().boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.width, selector).toBeGreaterThan(0);
    expect(box!.height, selector).toBeGreaterThan(0);
  }

  /** Hovering a node's lane names its role and term; hovering the latency chart names an operation. */
  async function expectHoverDetails(page: Page): Promise<void> {
    // Mouse positions are in the viewport: bring each element into it first.
    await page.locator("#timeline-canvas").scrollIntoViewIfNeeded();
    const timeline = (await page.locator("#timeline-canvas").boundingBox())!;
    // The third row: two fault lanes of the synthetic run would be rows 0-1 if they overlapped;
    // they do not, so row 0 is faults and row 2 is n2, well into the run.
    await page.mouse.move(timeline.x + timeline.width * 0.6, timeline.y + 22 * 2 + 11);
    expect(await page.locator("#tooltip").textContent()).toMatch(
      /^n2: (leader|follower|candidate), term \d+/,
    );
    await page.locator("#latency-chart .u-over").scrollIntoViewIfNeeded();
    const latency = (await page.locator("#latency-chart .u-over").boundingBox())!;
    await page.mouse.move(latency.x + latency.width * 0.3, latency.y + latency.height / 2, {
      steps: 3,
    });
    await expect
      .poll(() => page.locator("#latency-detail").textContent(), { timeout: 5_000 })
      .toMatch(/^process \d+ +(read|write) key k/);
  }

  it("draws the timeline, the latency chart and the counterexample of an illegal run without errors", async () => {
    const run = syntheticRun({ operationsPerSecond: 100, durationMs: 10_000, staleReadAt: 301 });
    const check = checkRegisterHistory(run.records);
    expect(check.verdict).toBe("illegal");
    const { page, problems } = await openReport("illegal", {
      ...run,
      result: syntheticResult(run, check),
      linearizability: check,
    });
    expectNoProblems(problems);
    await expectVisible(page, "#timeline-canvas");
    expect(await paintedPixels(page, "#timeline-canvas")).toBeGreaterThan(5_000);
    await expectVisible(page, "#latency-chart canvas");
    expect(await paintedPixels(page, "#latency-chart canvas")).toBeGreaterThan(2_000);
    await expectVisible(page, "#throughput-chart canvas");
    await expectVisible(page, "#counterexample-view");
    expect(await page.locator("#counterexample-summary").textContent()).toContain(
      "Not linearizable: key k",
    );
    await expectHoverDetails(page);
    await page.close();
  });

  it("draws the counterexample when the very first operation cannot be placed", async () => {
    const records = firstOperationIllegalHistory();
    const check = checkRegisterHistory(records);
    expect(check.verdict).toBe("illegal");
    const result = sampleResult({
      verdict: "fail",
      exitCode: 1,
      expectationMet: false,
      checks: [
        {
          name: "linearizability",
          verdict: "fail",
          reason: "key k1: the first read saw a value never written",
        },
      ],
      figures: computeRunFigures({ records, events: [] }),
    });
    const { page, problems } = await openReport("first-fails", {
      result,
      records,
      events: [],
      nodes: ["n1", "n2", "n3"],
      linearizability: check,
    });
    expectNoProblems(problems);
    await expectVisible(page, "#counterexample-view");
    await expectVisible(page, "#latency-chart canvas");
    await page.close();
  });

  it("opens an interrupted run with an empty history without errors", async () => {
    const result = sampleResult({
      interrupted: true,
      verdict: "unknown",
      exitCode: 130,
      checks: [],
    });
    const { page, problems } = await openReport("empty", {
      result,
      records: [],
      events: [],
      nodes: ["n1", "n2", "n3"],
    });
    expectNoProblems(problems);
    expect(await page.locator("#latency-chart").textContent()).toBe(
      "No client operations in this history.",
    );
    expect(await page.locator(".notice").first().textContent()).toContain("interrupted");
    await page.close();
  });
});
