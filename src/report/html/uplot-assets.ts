import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * uPlot's script and stylesheet, read from its package at render time and inlined, so the page
 * needs no network and follows the installed version. Read once per process.
 */

export interface UplotAssets {
  script: string;
  style: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve("uplot/dist/uPlot.iife.min.js"), "utf8");
  const style = readFileSync(require.resolve("uplot/dist/uPlot.min.css"), "utf8");
  cached = { script, style };
  return cached;
}
