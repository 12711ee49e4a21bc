import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { makeDataRoot } from "./testing/kv-driver.js";

const harnessPath = fileURLToPath(new URL("./testing/harness-child.ts", import.meta.url));

interface HarnessReport {
  nodePids: number[];
  pausedPid: number;
  reaperPid: number;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A process's state letter from /proc (R, S, T, Z, ...), or null once it is gone. */
function processState(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  } catch {
    return null;
  }
}

/** Gone, or a zombie (dead, waiting for whoever inherited it to reap it). */
const isDead = (pid: number) => {
  const state = processState(pid);
  return state === null || state === "Z";
};

async function startHarness(mode: string): Promise<{ child: ChildProcess; report: HarnessReport }> {
  const root = makeDataRoot(`orphans-${mode}`);
  const child = spawn(process.execPath, ["--import", "tsx", harnessPath, root.dataRoot, mode], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const report = await new Promise<HarnessReport>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(JSON.parse(stdout.split("\n")[0] as string));
    });
    child.once("exit", (code) => reject(new Error(`harness exited (${code}) early: ${stderr}`)));
  });
  cleanups.push(() => {
    for (const pid of [...report.nodePids, report.reaperPid]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone, as it should be
      }
    }
    child.kill("SIGKILL");
    root.remove();
  });
  return { child, report };
}

async function expectAllGone(report: HarnessReport, withinMs = 5000): Promise<void> {
  const pids = [...report.nodePids, report.reaperPid];
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && !pids.every(isDead)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(pids.filter((pid) => !isDead(pid)).map((pid) => `${pid}:${processState(pid)}`)).toEqual(
    [],
  );
}

describe("no orphans: every node process dies with its harness", () => {
  it("when the harness is SIGKILLed, even the node it had paused", async () => {
    const { child, report } = await startHarness("plain");
    const deadline = Date.now() + 3000; // a signal takes effect when the process is next scheduled
    while (processState(report.pausedPid) !== "T" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(processState(report.pausedPid)).toBe("T");
    child.kill("SIGKILL");
    await expectAllGone(report);
  });

  it("when SIGINT kills a harness that does not handle it", async () => {
    const { child, report } = await startHarness("plain");
    child.kill("SIGINT");
    await expectAllGone(report);
  });

  it("when a harness that handles SIGTERM stops the cluster and exits", async () => {
    const { child, report } = await startHarness("stop-on-signal");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(130);
    await expectAllGone(report, 1000);
  });

  it("when the harness exits without stopping the cluster", async () => {
    const { report } = await startHarness("exit-without-stop");
    await expectAllGone(report);
  });
});
