import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IoFailureError } from "./io-failure.js";
import { RunRecorder } from "./run-recorder.js";

/**
 * A run file that cannot be written any more (here events.jsonl leads to /dev/full, which
 * refuses every write with ENOSPC) stops the writing, never the recording, and the run hears of
 * it once. Before, the failed write threw out of the recorder into the run (a stack trace, exit 1).
 */

const onLinux = fs.existsSync("/dev/full");
const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true });
});

const header = {
  formatVersion: 1 as const,
  raftctlVersion: "0.1.0",
  scenario: "full",
  seed: 1,
  mode: "sim" as const,
  model: "cas-register" as const,
};

describe.skipIf(!onLinux)("RunRecorder on a disk that refuses writes", () => {
  it("keeps recording in memory, names the file and ENOSPC, and tells the run once", () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-recorder-"));
    directories.push(runDir);
    fs.symlinkSync("/dev/full", path.join(runDir, "events.jsonl"));
    const recorder = new RunRecorder(runDir, header);
    let told = 0;
    recorder.onFailure(() => {
      told += 1;
    });
    // Past the writers' 64 KiB buffer, so that a flush happens while the run records.
    for (let index = 1; index <= 2000; index += 1) {
      recorder.event({ timeNs: index, node: "n1", type: "commit", index });
      recorder.record({
        type: "invoke",
        process: 0,
        f: "read",
        key: "k",
        value: null,
        timeNs: index,
      });
    }
    recorder.close();
    expect(told).toBe(1);
    expect(recorder.failure()).toBeInstanceOf(IoFailureError);
    expect(recorder.failure()?.message).toBe(
      `cannot write ${path.join(runDir, "events.jsonl")}: no space left on the device (ENOSPC)`,
    );
    expect(recorder.events).toHaveLength(2000);
    expect(recorder.records.map((record) => record.index)).toEqual(
      Array.from({ length: 2000 }, (_, index) => index),
    );
    expect(recorder.invariants.eventCount).toBe(2000);
  });
});
