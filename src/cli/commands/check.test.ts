import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raftctlSync } from "../testing/spawn-raftctl.js";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repositoryRoot, "test/corpus/porcupine");
let directory: string;

function raftctl(args: string[], input?: string) {
  return raftctlSync(args, input === undefined ? {} : { input });
}

const header = {
  formatVersion: 1,
  raftctlVersion: "0.1.0",
  scenario: "t",
  seed: 1,
  mode: "sim",
  model: "register",
};
const jsonl = (...records: object[]) =>
  `${[header, ...records].map((line) => JSON.stringify(line)).join("\n")}\n`;
const operation = (index: number, type: string, f: string, value: unknown, process = 0) => ({
  index,
  type,
  process,
  f,
  key: "x",
  value,
  timeNs: index * 1_000_000,
});

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "raftctl-check-"));
  writeFileSync(
    join(directory, "ok.jsonl"),
    jsonl(operation(0, "invoke", "write", 1), operation(1, "ok", "write", 1)),
  );
  writeFileSync(
    join(directory, "stale.jsonl"),
    jsonl(
      operation(0, "invoke", "write", 1),
      operation(1, "ok", "write", 1),
      operation(2, "invoke", "read", null, 1),
      operation(3, "ok", "read", null, 1),
    ),
  );
  writeFileSync(
    join(directory, "broken.jsonl"),
    `${jsonl()}{"index":0,"type":"invoke","process":0,"f":"read"}\n`,
  );
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("raftctl check", () => {
  it("prints a verdict per file, the counterexample under an illegal one, a summary, and exits 1; --html writes a page per file", () => {
    const pages = join(directory, "views");
    const { exitCode, stdout } = raftctl([
      "check",
      join(directory, "ok.jsonl"),
      join(directory, "stale.jsonl"),
      "--html",
      pages,
    ]);
    expect(stdout).toMatch(
      /^ok +\S+ok\.jsonl +register +ok: linearizable \(1 operations, 1 partition, \d+ms\)\n/,
    );
    expect(stdout).toContain("from state 1, none of these can take effect next:");
    expect(stdout).toContain("#1 p1 x: read -> nil  (called 2ms, returned 3ms)");
    expect(stdout).toMatch(/2 histories: 1 ok, 1 illegal, 0 unknown\n$/);
    expect(exitCode).toBe(1);
    expect(readdirSync(pages).sort()).toEqual(["ok.jsonl.html", "stale.jsonl.html"]);
    expect(readFileSync(join(pages, "stale.jsonl.html"), "utf8")).toMatch(
      /^<!doctype html>[\s\S]*id="lv-root"/,
    );
  });

  it("reads standard input for -, names the model with --model, and prints JSON with --json", () => {
    const edn =
      "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value 3}\n";
    const { exitCode, stdout } = raftctl(["check", "-", "--model", "cas-register", "--json"], edn);
    const report = JSON.parse(stdout);
    expect(report.verdict).toBe("illegal");
    expect(report.files[0]).toMatchObject({
      file: "-",
      format: "edn",
      model: "cas-register",
      verdict: "illegal",
    });
    expect(report.files[0].result.partitions[0].counterexample.endings[0].blocked).toEqual([0]);
    expect(exitCode).toBe(1);
  });

  it("gives etcd corpus logs their verdicts, as a cas register by default", () => {
    const { exitCode, stdout } = raftctl([
      "check",
      join(corpus, "jepsen/etcd_005.log"),
      join(corpus, "jepsen/etcd_001.log"),
    ]);
    expect(stdout).toMatch(/^ok +\S+etcd_005\.log +cas-register/m);
    expect(stdout).toMatch(/^illegal +\S+etcd_001\.log +cas-register/m);
    expect(exitCode).toBe(1);
  });

  it("exits 2 when the time budget runs out before a verdict", () => {
    const { exitCode, stdout } = raftctl([
      "check",
      join(corpus, "kv/c10-ok.txt"),
      "--model",
      "kv-unpartitioned",
      "--timeout",
      "1ms",
    ]);
    expect(stdout).toMatch(/^unknown .* 1 of 1 partitions undecided \(time limit reached\)/);
    expect(exitCode).toBe(2);
  });

  it("names the file, the line and what was expected for a malformed history, and exits 64", () => {
    const { exitCode, stderr, stdout } = raftctl(["check", join(directory, "broken.jsonl")]);
    expect(stderr).toMatch(
      /broken\.jsonl:2: expected "timeNs" to be a non-negative integer \(nanoseconds\), found no "timeNs"/,
    );
    expect(stdout).toBe("");
    expect(exitCode).toBe(64);
  });

  it("exits 64 for a bad flag or a history without a model", () => {
    expect(raftctl(["check", join(directory, "ok.jsonl"), "--timeout", "soon"]).exitCode).toBe(64);
    const noModel = raftctl(["check", join(corpus, "kv/c01-ok.txt")]);
    expect(noModel.stderr).toMatch(/names no model; give one with --model/);
    expect(noModel.exitCode).toBe(64);
  });
});
