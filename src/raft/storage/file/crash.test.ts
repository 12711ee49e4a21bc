import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FileStorage } from "./file-storage.js";
import { makeTempDirectory } from "./testing/temp-directory.js";

const childPath = fileURLToPath(new URL("./testing/crash-child.ts", import.meta.url));
const recordBytes = 8 + 17 + 100; // header, entry fields, 100 bytes of data

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface ChildReport {
  pendingBytes: number;
  tear: { writtenBytes: number; discardedBytes: number } | null;
}

/** Runs the child in `mode` until it reports, SIGKILLs it, and returns its report. */
async function runAndKill(
  dataDirectory: string,
  mode: "flush" | "lose" | "tear",
): Promise<ChildReport> {
  const child = spawn(process.execPath, ["--import", "tsx", childPath, dataDirectory, mode], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  cleanups.push(() => child.kill("SIGKILL"));
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  const report = await new Promise<ChildReport>((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("\n")) resolve(JSON.parse(stdout.split("\n")[0]!) as ChildReport);
    });
    exited.then(() => reject(new Error(`child exited before reporting: ${stderr}`)));
  });
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  return report;
}

function recover(dataDirectory: string) {
  const storage = FileStorage.open(dataDirectory);
  cleanups.push(() => storage.close());
  const { hardState, entries } = storage.load();
  return { hardState, lastIndex: entries.at(-1)?.index ?? 0, recovery: storage.recovery };
}

describe("a SIGKILLed process's file storage", () => {
  it("keeps the unsynced writes it had handed to the OS (a plain crash)", async () => {
    const temp = makeTempDirectory("crash-flush");
    cleanups.push(temp.remove);
    await runAndKill(temp.directory, "flush");
    const { hardState, lastIndex, recovery } = recover(temp.directory);
    expect(lastIndex).toBe(10);
    expect(hardState).toEqual({ term: 1, vote: "n1", commit: 5 });
    expect(recovery.tornBytesCut).toBe(0);
  });

  it("loses the unsynced writes still in its memory (loseUnsynced)", async () => {
    const temp = makeTempDirectory("crash-lose");
    cleanups.push(temp.remove);
    const report = await runAndKill(temp.directory, "lose");
    expect(report.pendingBytes).toBe(5 * recordBytes);
    const { hardState, lastIndex } = recover(temp.directory);
    expect(lastIndex).toBe(5);
    expect(hardState).toEqual({ term: 1, vote: "n1", commit: 0 });
  });

  it("keeps the whole records of a torn write's prefix and cuts the torn one (tornWrite)", async () => {
    const temp = makeTempDirectory("crash-tear");
    cleanups.push(temp.remove);
    const report = await runAndKill(temp.directory, "tear");
    const written = Math.floor((5 * recordBytes) / 2);
    expect(report.tear).toEqual({
      writtenBytes: written,
      discardedBytes: 5 * recordBytes - written,
    });
    const { lastIndex, recovery } = recover(temp.directory);
    expect(lastIndex).toBe(5 + Math.floor(written / recordBytes));
    expect(recovery.tornBytesCut).toBe(written % recordBytes);
  });
});
