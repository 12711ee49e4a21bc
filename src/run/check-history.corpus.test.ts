import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readHistoryFile } from "../history/read-history.js";
import type { ModelName } from "../history/types.js";
import { checkHistory } from "./check-history.js";

/**
 * Porcupine's test histories (test/corpus/porcupine, copied into the repository) must get the
 * verdict MANIFEST.tsv gives, with the model it names: etcd logs as a cas register, kv files
 * partitioned by key, and c01 and c10 also as one unpartitioned map.
 */
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
const corpusDirectory = resolve(repositoryRoot, "test/corpus/porcupine");

interface ManifestRow {
  path: string;
  expected: "ok" | "illegal";
}

function manifestRows(): ManifestRow[] {
  const manifestPath = join(corpusDirectory, "MANIFEST.tsv");
  if (!existsSync(manifestPath)) {
    throw new Error(
      `the corpus is missing: expected ${manifestPath} (test/corpus in the repository)`,
    );
  }
  const [heading, ...lines] = readFileSync(manifestPath, "utf8").trim().split("\n");
  const columns = heading!.split("\t");
  const pathColumn = columns.indexOf("path");
  const resultColumn = columns.indexOf("expected_result");
  return lines.map((line) => {
    const cells = line.split("\t");
    const result = cells[resultColumn]!;
    const expected = result === "not linearizable" ? "illegal" : "ok";
    if (!["linearizable", "not linearizable"].includes(result) && !result.startsWith("empty")) {
      throw new Error(`MANIFEST.tsv: unexpected expected_result ${result}`);
    }
    return { path: cells[pathColumn]!, expected };
  });
}

function modelsFor(path: string): ModelName[] {
  if (path.startsWith("jepsen/")) return ["cas-register"];
  return /kv\/c(01|10)-/.test(path) ? ["kv", "kv-unpartitioned"] : ["kv"];
}

const options = { timeoutMs: 60_000, minimizeTimeoutMs: 0 };
const rows = manifestRows();

describe("Porcupine's corpus", () => {
  it("lists the 103 etcd logs and the 6 kv histories", () => {
    expect(rows.filter((row) => row.path.startsWith("jepsen/"))).toHaveLength(103);
    expect(rows.filter((row) => row.path.startsWith("kv/"))).toHaveLength(6);
  });

  it("gives every etcd log the manifest's verdict (the empty one: ok)", () => {
    const mismatches = rows
      .filter((row) => row.path.startsWith("jepsen/"))
      .map((row) => {
        const history = readHistoryFile(join(corpusDirectory, row.path));
        return {
          path: row.path,
          expected: row.expected,
          actual: checkHistory(history.records, "cas-register", options).verdict,
        };
      })
      .filter((outcome) => outcome.actual !== outcome.expected);
    expect(mismatches).toEqual([]);
  });

  for (const row of rows.filter((item) => item.path.startsWith("kv/"))) {
    for (const model of modelsFor(row.path)) {
      it(`gives ${row.path} the verdict ${row.expected} as ${model}`, { timeout: 120_000 }, () => {
        const history = readHistoryFile(join(corpusDirectory, row.path));
        expect(checkHistory(history.records, model, options).verdict).toBe(row.expected);
      });
    }
  }
});
