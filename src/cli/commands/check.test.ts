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

  it("exits 1 for a write of 2^53+1 then a read of 2^53: the values stay exact", () => {
    const text = jsonl(
      operation(0, "invoke", "write", 0),
      operation(1, "ok", "write", 0),
      operation(2, "invoke", "read", null),
      operation(3, "ok", "read", 0),
    )
      .replace(/"write","key":"x","value":0/g, '"write","key":"x","value":9007199254740993')
      .replace('"read","key":"x","value":0', '"read","key":"x","value":9007199254740992');
    const { exitCode, stdout } = raftctl(["check", "-"], text);
    expect(stdout).toContain("read -> 9007199254740992");
    expect(exitCode).toBe(1);
  });

  it("exits 64 with one line for nesting 100,000 deep, a completion timed before its invoke and a negative time", () => {
    const cases: [string, RegExp][] = [
      [
        `${jsonl()}{"index":0,"value":${"[".repeat(100_000)}\n`,
        /^raftctl: <stdin>:2:\d+: expected values nested at most 100 deep, found deeper nesting\n$/,
      ],
      [
        `{:process 0, :type :invoke, :f :write, :value ${"[".repeat(100_000)}\n`,
        /^raftctl: <stdin>:1:\d+: expected values nested at most 100 deep, found deeper nesting\n$/,
      ],
      [
        jsonl(operation(5, "invoke", "write", 1), { ...operation(6, "ok", "write", 1), timeNs: 0 }),
        /^raftctl: <stdin>:3: expected a completion timed at or after its invoke \(time 5000000\), found a ok of process 0 at time 0\n$/,
      ],
      [
        jsonl({ ...operation(0, "invoke", "write", 1), timeNs: -1 }),
        /^raftctl: <stdin>:2: expected "timeNs" to be a non-negative integer \(nanoseconds\), found timeNs: -1\n$/,
      ],
    ];
    for (const [input, message] of cases) {
      const { exitCode, stderr, stdout } = raftctl(["check", "-"], input);
      expect(stderr, input.slice(0, 80)).toMatch(message);
      expect(stdout).toBe("");
      expect(exitCode).toBe(64);
    }
  });

  it("exits 64 at once for /dev/zero, and echoes a binary file only in a short printable line", () => {
    const zero = raftctl(["check", "/dev/zero", "--model", "register"]);
    expect(zero.stderr).toBe(
      "raftctl: /dev/zero: binary data (a NUL byte at byte 0), not a history; expected raftctl JSONL, Jepsen EDN or an etcd Jepsen log\n",
    );
    expect(zero.exitCode).toBe(64);
    const binary = join(directory, "binary.edn");
    const bytes = Buffer.alloc(4096);
    for (let index = 0; index < bytes.length; index++) bytes[index] = 0x80 + (index % 0x7f);
    bytes.write("{:process 0 :value ", 0, "latin1");
    writeFileSync(binary, bytes);
    const { exitCode, stderr } = raftctl(["check", binary, "--model", "register"]);
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr.length).toBeLessThan(300);
    expect(stderr).toMatch(/^raftctl: \S+binary\.edn:1:\d+: expected [\x20-\x7e]+\n$/);
    expect(exitCode).toBe(64);
  });
});
