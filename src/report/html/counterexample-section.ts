import { type CheckResult, renderVisualizationSection } from "../../checker/index.js";
import type { FaultWindow } from "../operations.js";
import type { RunFigures } from "../result.js";
import { escapeHtml } from "./html-text.js";
import { illegalSubset } from "./illegal-subset.js";

/**
 * The linearizability part of the page: for an illegal history the checker's own view of the
 * failing key(s), with the fault windows as bands; otherwise one plain sentence of what the
 * checker found and over how much.
 */

/** Illegal keys embedded; a reader fixes the first, and each adds its operations to the page. */
export const ILLEGAL_PARTITIONS_SHOWN_MAX = 3;

export interface SectionParts {
  html: string;
  css: string;
  script: string;
}

export interface CounterexampleSectionInput {
  /** The checker's result, or null/undefined when linearizability was not checked. */
  check: CheckResult | null | undefined;
  faultWindows: readonly FaultWindow[];
  figures: RunFigures;
}

export function counterexampleSection(input: CounterexampleSectionInput): SectionParts {
  const check = input.check;
  if (check === null || check === undefined) {
    return plain("Linearizability was not checked in this run.", "not-checked");
  }
  if (check.verdict === "ok") {
    const keys = check.partitions.length;
    const text = `linearizable: ${check.operations.length} operations over ${keys} ${keys === 1 ? "key" : "keys"} checked in ${Math.round(check.elapsedMs)}ms (${input.figures.operations.ok} ok, ${input.figures.operations.info} info; fail operations did not happen and are left out).`;
    return plain(text, "linearizable");
  }
  if (check.verdict === "unknown") return plain(unknownText(check), "unknown");
  return illegalSection(check, input.faultWindows);
}

function illegalSection(check: CheckResult, faultWindows: readonly FaultWindow[]): SectionParts {
  const subset = illegalSubset(check, { partitionsMax: ILLEGAL_PARTITIONS_SHOWN_MAX });
  const annotations = faultWindows.map((window) => ({
    startNs: window.startNs,
    endNs: window.endNs,
    label: window.label,
    kind: window.kind,
  }));
  const view = renderVisualizationSection(subset.result, { annotations, idPrefix: "cx-" });
  const labels = subset.result.partitions.map((partition) => partition.label).join(", ");
  const omitted =
    subset.omittedPartitions > 0
      ? ` ${subset.omittedPartitions} more illegal ${subset.omittedPartitions === 1 ? "key is" : "keys are"} not shown; \`raftctl analyze\` lists them.`
      : "";
  const html = `<p class="not-linearizable" id="counterexample-summary">Not linearizable: ${escapeHtml(labels)}.${escapeHtml(omitted)}</p>
<div id="counterexample-view">${view.html}</div>`;
  return { html, css: view.css, script: view.script };
}

function unknownText(check: CheckResult): string {
  const undecided = check.partitions.filter((partition) => partition.verdict === "unknown");
  const reasons = [...new Set(undecided.map((partition) => partition.unknownReason ?? "timeout"))];
  const labels = undecided.slice(0, 10).map((partition) => partition.label);
  const more =
    undecided.length > labels.length ? ` and ${undecided.length - labels.length} more` : "";
  return `unknown: the checker's budget ran out (${reasons.join(", ")}) before deciding ${labels.join(", ")}${more}; nothing illegal was found.`;
}

function plain(text: string, className: string): SectionParts {
  return {
    html: `<p class="${className}" id="counterexample-summary">${escapeHtml(text)}</p>`,
    css: "",
    script: "",
  };
}
