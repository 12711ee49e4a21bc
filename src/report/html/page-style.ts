/** The page's own styles (uPlot's come from its package). System fonts only: the page is offline. */
export const PAGE_STYLE = `
:root { color-scheme: light; --pass: #2e7d32; --fail: #c62828; --unknown: #b26a00; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 12px 16px; margin-top: 16px; }
section > h2:first-child { margin-top: 0; }
.badge { font-size: 13px; font-weight: 700; padding: 2px 10px; border-radius: 12px; color: #fff; letter-spacing: 0.04em; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); }
.badge.unknown, .badge.skipped, .badge.interrupted, .badge.error, .badge.io-failure, .badge.bad-input { background: var(--unknown); }
.meta { color: var(--muted); font-size: 13px; }
.reproduce { font-family: ui-monospace, "DejaVu Sans Mono", monospace; background: #f1f3f5; border: 1px solid #dde; padding: 6px 10px; border-radius: 4px; user-select: all; overflow-x: auto; white-space: pre; }
.notice { background: #fff4e5; border: 1px solid #f0c27a; padding: 6px 10px; border-radius: 4px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-weight: 600; color: #444; }
td.verdict { font-weight: 700; text-transform: uppercase; font-size: 12px; }
td.verdict.pass { color: var(--pass); } td.verdict.fail { color: var(--fail); }
td.verdict.unknown, td.verdict.skipped { color: var(--unknown); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-top: 8px; }
.figure { background: #f7f8fa; border-radius: 4px; padding: 6px 10px; }
.figure .label { color: var(--muted); font-size: 12px; }
.figure .value { font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; font-size: 12px; color: #444; margin: 4px 0 8px; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: -1px; background: var(--swatch); border-radius: 2px; }
.chart { width: 100%; min-height: 40px; }
#timeline-holder { width: 100%; }
#timeline-canvas { display: block; }
#latency-detail { font-family: ui-monospace, monospace; font-size: 12px; color: #333; min-height: 1.4em; }
#tooltip { position: absolute; display: none; pointer-events: none; background: #222; color: #fff; font-size: 12px; padding: 4px 8px; border-radius: 4px; white-space: pre; z-index: 10; }
.linearizable { font-size: 16px; color: var(--pass); font-weight: 600; }
`;
