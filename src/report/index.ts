/**
 * The report room's public API: the run result and its figures, and the writers of
 * result.json, report.html, junit.xml and the plain-text summary.
 */
export { ReportWriteError } from "./errors.js";
export { computeRunFigures, type FiguresInput } from "./figures.js";
export { type ReportHtmlInput, renderReportHtml } from "./html/render-report-html.js";
export { renderJunitXml } from "./junit.js";
export { type LatestKind, updateLatest } from "./latest-link.js";
export {
  type FaultWindow,
  faultLabel,
  faultWindowsOf,
  type OperationOutcome,
  type PairedOperation,
  pairOperations,
} from "./operations.js";
export { quietWindows } from "./quiet-time.js";
export * from "./result.js";
export {
  type OutcomeWord,
  outcomeWord,
  type SummaryOptions,
  summaryLines,
  summaryTotalsLine,
} from "./summary.js";
export {
  type RunReportFiles,
  type RunReportInput,
  renderRunReportFiles,
  writeRunReport,
} from "./write-run-report.js";
