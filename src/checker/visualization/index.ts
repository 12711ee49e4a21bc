import type { CheckResult } from "../result.js";
import type { VisualizationAnnotation } from "./annotation.js";
import { scriptSafeJson, visualizationData } from "./data.js";
import { visualizationScript } from "./script.js";
import { visualizationCss } from "./style.js";

export type { VisualizationAnnotation } from "./annotation.js";

const defaultIdPrefix = "lv-";

/**
 * The view as parts to embed in another page: `html` goes where it should appear, `css` in a
 * <style> and `script` in a <script> after it. Every element id and class starts with
 * `idPrefix`, so several views can share a page.
 */
export function renderVisualizationSection(
  result: CheckResult,
  options: { annotations?: VisualizationAnnotation[]; idPrefix?: string } = {},
): { html: string; css: string; script: string } {
  const prefix = options.idPrefix ?? defaultIdPrefix;
  if (!/^[A-Za-z][\w-]*$/.test(prefix))
    throw new RangeError(`idPrefix must be a CSS identifier, got ${JSON.stringify(prefix)}`);
  const data = visualizationData(result, options.annotations ?? []);
  const html =
    `<div id="${prefix}root" class="${prefix}root"></div>\n` +
    `<script type="application/json" id="${prefix}data">${scriptSafeJson(data)}</script>`;
  const css = visualizationCss.replace(/\.P-/g, `.${prefix}`);
  const script = `${visualizationScript}(${JSON.stringify(prefix)});`;
  return { html, css, script };
}

/** A whole self-contained page (inline CSS and script, nothing fetched) showing a check's result. */
export function renderVisualizationPage(
  result: CheckResult,
  options: { title?: string; annotations?: VisualizationAnnotation[] } = {},
): string {
  const title = options.title ?? `Linearizability check: ${result.verdict}`;
  const section = renderVisualizationSection(result, { annotations: options.annotations ?? [] });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{margin:16px;background:#f7f8fa}h1{font:600 18px system-ui,sans-serif;margin:0 0 8px}${section.css}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${section.html}
<script>${section.script}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
