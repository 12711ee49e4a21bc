import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repositoryRoot } from "./testing/spawn-raftctl.js";

/**
 * SIGINT or SIGTERM at any point of a process-mode run's start-up ends raftctl with 130 and
 * leaves no node behind. Before, the handlers came with the run command, after the program's
 * modules had loaded: a signal in the first second or two killed raftctl by the signal itself.
 * Linux only: the nodes are found in /proc.
 */

const onLinux = process.platform === "linux" && fs.existsSync("/proc/self/status");

const scenarioText = `name: early
cluster: { mode: process, nodes: 3 }
workload: { kind: cas-register, keys: 2, clients: 2, rate: 20, timeout: 1s }
duration: 30s
checks: { linearizable: { timeout: 10s }, invariants: true, recoverWithin: 5s }
`;

/** Live processes (not zombies) whose command line names `text`: the run's nodes. */
function processesNaming(text: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const zombie = stat[stat.lastIndexOf(")") + 2] === "Z";
      if (!zombie && commandLine.includes(text)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** What every node's command line names (its data directory), and raftctl's does not. */
function nodesOf(reports: string): string {
  return `${path.join(reports, "early")}${path.sep}`;
}

function nodeLogsSay(reports: string, text: string): boolean {
  const runs = path.join(reports, "early");
  if (!fs.existsSync(runs)) return false;
  for (const run of fs.readdirSync(runs)) {
    const nodes = path.join(runs, run, "nodes");
    if (!fs.existsSync(nodes)) continue;
    const logs = fs.readdirSync(nodes).filter((name) => name.endsWith(".log"));
    if (
      logs.length === 3 &&
      logs.every((log) => fs.readFileSync(path.join(nodes, log), "utf8").includes(text))
    ) {
      return true;
    }
  }
  return false;
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  // Bounded by attempts, each a short sleep: the point is one the run must pass through.
  for (let attempt = 0; attempt < 6000; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the run never reached the point: ${what}`);
}

let directory = "";
let scenario = "";

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-early-signal-"));
  scenario = path.join(directory, "early.yaml");
  fs.writeFileSync(scenario, scenarioText);
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

/** A marker src/cli/testing/announce-program-load.mjs writes as main.ts imports the program. */
const programLoadingMarker = "raftctl-test: the program module is loading";

/** Starts `raftctl run` with the preload that announces the program's loading on stderr. */
function startRun(reports: string) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      "./src/cli/testing/announce-program-load.mjs",
      "src/cli/main.ts",
      "run",
      scenario,
      "--report-dir",
      reports,
    ],
    {
      cwd: repositoryRoot,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
  const exit = new Promise<{ exitCode: number | null; signal: string | null }>((resolve) =>
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal });
    }),
  );
  return { child, exit, stderr: () => stderr };
}

const points: {
  name: string;
  signal: NodeJS.Signals;
  reached(stderr: string, reports: string): boolean;
}[] = [
  {
    name: "while its program's modules load",
    signal: "SIGINT",
    reached: (stderr) => stderr.includes(programLoadingMarker),
  },
  {
    name: "while its program's modules load",
    signal: "SIGTERM",
    reached: (stderr) => stderr.includes(programLoadingMarker),
  },
  {
    name: "once the run folder exists",
    signal: "SIGTERM",
    reached: (_stderr, reports) =>
      fs.existsSync(path.join(reports, "early")) &&
      fs.readdirSync(path.join(reports, "early")).length > 0,
  },
  {
    name: "once the first node process runs",
    signal: "SIGINT",
    reached: (_stderr, reports) => processesNaming(nodesOf(reports)).length > 0,
  },
  {
    name: "once every node listens",
    signal: "SIGTERM",
    reached: (_stderr, reports) => nodeLogsSay(reports, "listening"),
  },
];

describe.skipIf(!onLinux)("raftctl run interrupted during start-up", () => {
  for (const [index, point] of points.entries()) {
    it(`ends with 130 and no node left on ${point.signal} ${point.name}`, async () => {
      const reports = path.join(directory, `reports-${index}`);
      const { child, exit, stderr } = startRun(reports);
      await waitUntil(() => point.reached(stderr(), reports), point.name);
      child.kill(point.signal);
      const ended = await exit;
      expect(ended, stderr()).toEqual({ exitCode: 130, signal: null });
      // Nodes killed by raftctl's own stop or its exit handler are gone by the time it exits;
      // ones that only noticed their control channel close get a bounded moment to go.
      await waitUntil(() => processesNaming(nodesOf(reports)).length === 0, "every node gone");
      expect(processesNaming(nodesOf(reports))).toEqual([]);
    }, 180_000);
  }
});
