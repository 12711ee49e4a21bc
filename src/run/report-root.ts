/** Where runs write their folders unless told otherwise (`--report-dir`). */
export const defaultReportRoot = "reports";
