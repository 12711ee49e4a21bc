/** The view's CSS; every class starts with the prefix, written here as `P-`. */
export const visualizationCss = `
.P-root{font:13px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232b}
.P-bar{display:flex;gap:12px;align-items:center;margin:6px 0 10px}
.P-badge{display:inline-block;padding:1px 8px;border-radius:9px;font-weight:600;font-size:12px;color:#fff}
.P-badge-ok{background:#2f8f4e}.P-badge-illegal{background:#c23b3b}.P-badge-unknown{background:#b7791f}
.P-button{font:inherit;padding:3px 10px;border:1px solid #98a2b3;border-radius:4px;background:#fff;cursor:pointer}
.P-part{border:1px solid #d0d5dd;border-radius:6px;margin:8px 0;background:#fff}
.P-part>summary{cursor:pointer;padding:6px 10px;font-weight:600}
.P-body{display:flex;gap:10px;padding:0 10px 10px;align-items:flex-start}
.P-scroll{overflow-x:auto;flex:1 1 auto;border:1px solid #eaecf0;border-radius:4px}
.P-panel{flex:0 0 320px;max-height:520px;overflow:auto;border:1px solid #eaecf0;border-radius:4px;padding:6px 8px;font-size:12px}
.P-panel h4{margin:2px 0 6px;font-size:12px}
.P-panel ol{margin:0;padding-left:22px}
.P-panel li{margin:1px 0}
.P-state{color:#475467;font-family:ui-monospace,Menlo,Consolas,monospace}
.P-fail{color:#c23b3b;font-weight:600}
.P-lane-label{font-size:11px;fill:#475467}
.P-op rect{fill:#dbe7f6;stroke:#7a9cc6;stroke-width:1}
.P-op text{font-size:10px;fill:#1d232b;pointer-events:none}
.P-op.P-open rect{fill:#eef2f6;stroke-dasharray:4 2}
.P-op.P-bad rect{fill:#f9d7d7;stroke:#c23b3b;stroke-width:1.5}
.P-op.P-must rect{stroke-width:3}
.P-op.P-dim{opacity:.35}
.P-op.P-on rect{fill:#cdebd6;stroke:#2f8f4e}
.P-op.P-hover rect{stroke:#101828;stroke-width:2.5}
.P-step{font-size:9px;font-weight:700;fill:#2f8f4e}
.P-band{fill:#f4c542;opacity:.18}
.P-band-label{font-size:10px;fill:#8a6d0b}
.P-axis{stroke:#eaecf0}
`;
