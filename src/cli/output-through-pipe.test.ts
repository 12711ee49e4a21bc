import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryHeader, formatHistoryRecord } from "../history/writer.js";
import { repositoryRoot } from "./testing/spawn-raftctl.js";

/**
 * Whatever a command prints reaches a pipe whole, however slowly the reader takes it: the
 * process waits for stdout to drain before it exits (src/cli/main.ts). Before, `process.exit`
 * dropped what the pipe had not taken: 64 KiB of a 380 KB export, with exit 0.
 */

interface PipedExit {
  exitCode: number | null;
  stdout: Buffer;
}

/** Runs raftctl with stdout on a pipe this side reads only as the event loop gets to it. */
function raftctlThroughPipe(args: readonly string[]): Promise<PipedExit> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, stdout: Buffer.concat(chunks) }));
  });
}

let directory = "";
let historyPath = "";

/** A cas-register history of `count` sequential writes and reads: several MB, checks at once. */
function writeLargeHistory(file: string, count: number): void {
  const lines = [
    formatHistoryHeader({
      formatVersion: 1,
      raftctlVersion: "0.1.0",
      scenario: "large-output",
      seed: 1,
      mode: "sim",
      model: "cas-register",
    }),
  ];
  let index = 0;
  for (let operation = 0; operation < count; operation += 1) {
    const key = `key-${operation % 8}`;
    const f = operation % 2 === 0 ? "write" : "read";
    const value = f === "write" ? operation : operation - 1;
    const timeNs = operation * 1000;
    for (const type of ["invoke", "ok"] as const) {
      lines.push(
        formatHistoryRecord({
          index: index++,
          type,
          process: operation % 4,
          f,
          key: operation % 2 === 0 ? key : `key-${(operation - 1) % 8}`,
          value: type === "invoke" && f === "read" ? null : value,
          timeNs: type === "invoke" ? timeNs : timeNs + 500,
        } as never),
      );
    }
  }
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-pipe-"));
  historyPath = path.join(directory, "large.jsonl");
  writeLargeHistory(historyPath, 24_000);
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

const severalMegabytes = 2 * 1024 * 1024;

describe.concurrent("output through a pipe", () => {
  it("export prints a several-MB history whole through a pipe, byte for byte", async () => {
    const expected = fs.readFileSync(historyPath);
    expect(expected.length).toBeGreaterThan(severalMegabytes);
    const { exitCode, stdout } = await raftctlThroughPipe([
      "export",
      historyPath,
      "--format",
      "jsonl",
    ]);
    expect(exitCode).toBe(0);
    expect(stdout.length).toBe(expected.length);
    expect(stdout.equals(expected)).toBe(true);
  }, 120_000);

  it("export to EDN prints as many bytes through a pipe as into a file", async () => {
    const file = path.join(directory, "export.edn");
    const descriptor = fs.openSync(file, "w");
    const direct = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "export", historyPath, "--format", "edn"],
      { cwd: repositoryRoot, stdio: ["ignore", descriptor, "ignore"] },
    );
    await new Promise((resolve) => direct.on("close", resolve));
    fs.closeSync(descriptor);
    const expected = fs.readFileSync(file);
    expect(expected.length).toBeGreaterThan(severalMegabytes);
    const { exitCode, stdout } = await raftctlThroughPipe([
      "export",
      historyPath,
      "--format",
      "edn",
    ]);
    expect(exitCode).toBe(0);
    expect(stdout.length).toBe(expected.length);
  }, 120_000);

  it("check --json prints a several-MB report whole through a pipe: it parses", async () => {
    const { exitCode, stdout } = await raftctlThroughPipe(["check", historyPath, "--json"]);
    expect(exitCode).toBe(0);
    expect(stdout.length).toBeGreaterThan(severalMegabytes);
    const report = JSON.parse(stdout.toString("utf8"));
    expect(report.verdict).toBe("ok");
    expect(report.files[0].result.operations).toHaveLength(24_000);
  }, 120_000);

  it("run, analyze and replay print through a pipe the result their run folder holds; validate its verdict", async () => {
    const scenario = path.join(directory, "small.yaml");
    fs.writeFileSync(
      scenario,
      `name: small
cluster: { nodes: 3 }
workload: { kind: cas-register, keys: 2, clients: 2, rate: 20, timeout: 1s }
duration: 1s
checks: { linearizable: { timeout: 10s }, invariants: true, recoverWithin: 5s, availability: false, elections: false }
`,
    );
    const reports = path.join(directory, "reports");
    const run = await raftctlThroughPipe(["run", scenario, "--json", "--report-dir", reports]);
    expect(run.exitCode).toBe(0);
    const printed = JSON.parse(run.stdout.toString("utf8"));
    const runDir = fs.realpathSync(path.join(reports, "latest"));
    const stored = JSON.parse(fs.readFileSync(path.join(runDir, "result.json"), "utf8"));
    expect(printed).toEqual(stored);
    const analyzed = await raftctlThroughPipe(["analyze", runDir, "--no-write", "--json"]);
    expect(analyzed.exitCode).toBe(0);
    expect(JSON.parse(analyzed.stdout.toString("utf8"))).toMatchObject({ seed: stored.seed });
    const replayed = await raftctlThroughPipe([
      "replay",
      runDir,
      "--json",
      "--report-dir",
      path.join(directory, "replays"),
    ]);
    expect(replayed.exitCode).toBe(0);
    expect(JSON.parse(replayed.stdout.toString("utf8"))).toMatchObject({ seed: stored.seed });
    const validated = await raftctlThroughPipe(["validate", scenario]);
    expect(validated.exitCode).toBe(0);
    expect(validated.stdout.toString("utf8")).toContain("small");
  }, 120_000);

  it("a reader that leaves early (| head) is no error of raftctl", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "export", historyPath, "--format", "jsonl"],
      { cwd: repositoryRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const exitCode = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).not.toContain("EPIPE");
    expect(exitCode).toBe(0);
  }, 120_000);
});
