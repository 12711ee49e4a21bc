import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeDataRoot } from "./testing/kv-driver.js";

/**
 * `raftctl run --mode process` as a user runs it, interrupted (DESIGN.md: no orphans; issue 5).
 * The CLI is spawned, not imported: the cluster room may not import the CLI's.
 */
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));

const scenarioText = `name: interrupted
cluster: { mode: process, nodes: 3 }
workload: { kind: cas-register, keys: 4, clients: 4, rate: 50, timeout: 1s }
duration: 60s
nemesis:
  - { at: 1s, for: 50s, fault: pause, target: random }
checks: { linearizable: { timeout: 30s }, invariants: true, recoverWithin: 5s }
expect: { verdict: pass }
`;

interface Exit {
  code: number | null;
  stdout: string;
}

function raftctl(args: string[]): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let stdout = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.resume();
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const exit = new Promise<Exit>((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    }),
  );
  return { child, exit };
}

/** The process ids every life of every node logged ("starting (pid N)"). */
function nodePids(runDirectory: string): number[] {
  const nodes = path.join(runDirectory, "nodes");
  const logs = fs.readdirSync(nodes).filter((name) => name.endsWith(".log"));
  return logs.flatMap((log) =>
    [...fs.readFileSync(path.join(nodes, log), "utf8").matchAll(/starting \(pid (\d+)\)/g)].map(
      (match) => Number(match[1]),
    ),
  );
}

function isDead(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] === "Z";
  } catch {
    return true;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `raftctl run` on the scenario and waits until a node is paused (SIGSTOP) for a while. */
async function runUntilPaused(directory: string, label: string) {
  const scenario = path.join(directory, `${label}.yaml`);
  fs.writeFileSync(scenario, scenarioText);
  const reports = path.join(directory, `reports-${label}`);
  const started = raftctl(["run", scenario, "--report-dir", reports]);
  const runs = path.join(reports, "interrupted");
  const runDirectory = () => {
    const [run] = fs.existsSync(runs) ? fs.readdirSync(runs) : [];
    return run === undefined ? null : path.join(runs, run);
  };
  const events = () => {
    const run = runDirectory();
    const file = run === null ? "" : path.join(run, "events.jsonl");
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  };
  await waitFor(() => events().includes('"type":"pause"'), 90_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const run = runDirectory() as string;
  return { ...started, run, pids: nodePids(run) };
}

async function expectAllDead(pids: number[]): Promise<void> {
  expect(pids.length).toBeGreaterThanOrEqual(3);
  await waitFor(() => pids.every(isDead), 5000);
  expect(pids.filter((pid) => !isDead(pid))).toEqual([]);
}

describe("raftctl run --mode process", () => {
  const root = makeDataRoot("interrupt");
  afterAll(() => root.remove());

  it("leaves no node behind on SIGINT, even a paused one, and its partial report analyzes", async () => {
    const { child, exit, run, pids } = await runUntilPaused(root.dataRoot, "sigint");
    child.kill("SIGINT");
    const { code, stdout } = await exit;
    expect(code, stdout).toBe(130);
    await expectAllDead(pids);
    const analyzed = await raftctl(["analyze", run, "--no-write", "--json"]).exit;
    // An interrupted run is never a pass on analysis: unknown (exit 2), as nothing failed.
    expect(analyzed.code, analyzed.stdout).toBe(2);
    expect(JSON.parse(analyzed.stdout)).toMatchObject({
      mode: "process",
      interrupted: true,
      verdict: "unknown",
    });
  }, 180_000);

  it("leaves no node behind when raftctl is SIGKILLed: the nodes exit by themselves", async () => {
    const { child, exit, pids } = await runUntilPaused(root.dataRoot, "sigkill");
    child.kill("SIGKILL");
    await exit;
    await expectAllDead(pids);
  }, 180_000);
});
