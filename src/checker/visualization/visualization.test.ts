import { describe, expect, it } from "vitest";
import { checkOperations } from "../check.js";
import { keyedModel } from "../models/keyed.js";
import { registerModel } from "../models/register.js";
import { renderVisualizationPage, renderVisualizationSection } from "./index.js";

const model = keyedModel(registerModel);

function resultOf(reads: (number | string | null)[]) {
  const operations = reads.map((value, index) => ({
    clientId: index,
    input: { f: "read" as const, key: "x" },
    callTime: index * 10,
    output: { type: "ok" as const, value },
    returnTime: index * 10 + 5,
  }));
  return checkOperations(model, operations, { linearizations: true });
}

function embeddedData(html: string, prefix: string) {
  const match = new RegExp(
    `<script type="application/json" id="${prefix}data">(.*?)</script>`,
    "s",
  ).exec(html);
  return JSON.parse(match![1]!);
}

describe("the visualization", () => {
  it("is one self-contained page: inline style and script, nothing fetched", () => {
    const page = renderVisualizationPage(resultOf([1]), { title: "t <1>" });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<title>t &#60;1&#62;</title>");
    expect(page).not.toMatch(/\b(src|href)=/);
    // The one URL is the SVG namespace name, which nothing fetches.
    expect(page.replaceAll("http://www.w3.org/2000/svg", "")).not.toMatch(/https?:\/\//);
  });

  it("renders when the very first operation fails: an empty prefix, the failing operation marked", () => {
    const section = renderVisualizationSection(resultOf(["</script><b>"]), { idPrefix: "v1-" });
    const data = embeddedData(section.html, "v1-");
    const partition = data.partitions[0];
    expect(partition.verdict).toBe("illegal");
    expect(partition.blocked).toEqual([0]);
    expect(partition.sequences[partition.failSequence]).toEqual([]);
    expect(partition.operations[0].text).toBe('x: read -> "</script><b>"');
    expect(section.html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("prefixes every class and id, so two views can share a page, and draws annotations as bands", () => {
    const section = renderVisualizationSection(resultOf([]), {
      idPrefix: "run7-",
      annotations: [{ startNs: 1, endNs: 2, label: "partition n1", kind: "partition" }],
    });
    expect(section.css).not.toMatch(/\.P-/);
    for (const selector of section.css.match(/\.[A-Za-z][\w-]*(?=[\s{,.>:])/g) ?? [])
      expect(selector).toMatch(/^\.run7-/);
    expect(section.html).toContain('id="run7-root"');
    expect(section.script).toMatch(/\("run7-"\);$/);
    expect(embeddedData(section.html, "run7-").annotations).toEqual([
      { startNs: 1, endNs: 2, label: "partition n1", kind: "partition" },
    ]);
    expect(() => renderVisualizationSection(resultOf([]), { idPrefix: "a b" })).toThrow(RangeError);
  });

  it("gives every operation the longest linearization through it, with the state after each step", () => {
    const data = embeddedData(renderVisualizationSection(resultOf([null, null])).html, "lv-");
    const partition = data.partitions[0];
    expect(partition.verdict).toBe("ok");
    expect(partition.sequences[partition.sequenceOf[1]]).toEqual([
      { id: 0, state: "nil" },
      { id: 1, state: "nil" },
    ]);
  });
});
