import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunCapabilities } from "./capabilities.js";
import {
  checkScenarioFiles,
  listScenarioFiles,
  loadScenarioFile,
  maximumScenarioFileBytes,
  validateScenarioFiles,
} from "./load.js";
import { ScenarioError } from "./scenario-error.js";

/** What a run can do, as a caller hands it in; these tests need none of its limits. */
const testCapabilities: RunCapabilities = {
  mutationNames: ["commit-prior-term"],
  nemesisEveryMsMin: 1,
  nemesisActionsMax: 10_000,
  processSyncLatencyMsMax: 2000,
};

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "raftctl-scenarios-"));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function thrownBy(action: () => unknown): ScenarioError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("loadScenarioFile", () => {
  it("loads a scenario and names the file in its errors", () => {
    const good = write("good.yaml", "name: good\nduration: 5s\n");
    expect(loadScenarioFile(good).name).toBe("good");
    const bad = write("bad.yaml", "name: bad\nduration: 5s\ncluster: { nodes: 0 }\n");
    expect(thrownBy(() => loadScenarioFile(bad)).message).toBe(
      `${bad}:3:19: cluster.nodes: expected an integer from 1 to 9, got 0`,
    );
  });

  it("says clearly when the file is missing, a directory or too large", () => {
    const missing = join(directory, "missing.yaml");
    expect(thrownBy(() => loadScenarioFile(missing)).message).toBe(
      `${missing}: no such file; check the path`,
    );
    expect(thrownBy(() => loadScenarioFile(directory)).message).toBe(
      `${directory}: is a directory; give a scenario file`,
    );
    const huge = write("huge.yaml", `# ${"x".repeat(maximumScenarioFileBytes)}\n`);
    expect(thrownBy(() => loadScenarioFile(huge)).message).toBe(
      `${huge}: the file is ${maximumScenarioFileBytes + 3} bytes; a scenario file may hold at most 1 MiB`,
    );
  });
});

describe("loadScenarioFile on something other than a file", () => {
  it("refuses a device without reading it (a device may never end)", () => {
    expect(thrownBy(() => loadScenarioFile("/dev/zero")).message).toBe(
      "/dev/zero: is not a regular file (a device, a FIFO or a socket); give a scenario file",
    );
  });

  it("refuses a FIFO at once, without waiting for a writer", () => {
    const fifo = join(directory, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(thrownBy(() => loadScenarioFile(fifo)).message).toBe(
      `${fifo}: is not a regular file (a device, a FIFO or a socket); give a scenario file`,
    );
  });
});

describe("listScenarioFiles", () => {
  it("takes a directory's *.yaml files in name order, not its subdirectories or other files", () => {
    write("b.yaml", "");
    write("a.yaml", "");
    write("notes.md", "");
    write("c.yml", "");
    mkdirSync(join(directory, "mutants"));
    writeFileSync(join(directory, "mutants", "m.yaml"), "");
    expect(listScenarioFiles([directory])).toEqual({
      files: [join(directory, "a.yaml"), join(directory, "b.yaml")],
      problems: [],
    });
  });

  it("keeps a file given by name whatever its extension, and reports missing paths", () => {
    const named = write("scenario.txt", "");
    const missing = join(directory, "nope");
    expect(listScenarioFiles([named, missing])).toEqual({
      files: [named],
      problems: [
        {
          file: missing,
          position: null,
          field: "",
          message: "no such file or directory; check the path",
        },
      ],
    });
  });

  it("reports a directory without scenarios", () => {
    const empty = join(directory, "empty");
    mkdirSync(empty);
    expect(listScenarioFiles([empty]).problems.map((problem) => problem.message)).toEqual([
      "the directory holds no *.yaml scenario files",
    ]);
  });
});

describe("validateScenarioFiles", () => {
  it("returns every scenario when all are valid", () => {
    write("one.yaml", "name: one\nduration: 5s\n");
    write("two.yaml", "name: two\nduration: 5s\n");
    const loaded = validateScenarioFiles([directory], testCapabilities);
    expect(loaded.map(({ file, scenario }) => [file, scenario.name])).toEqual([
      [join(directory, "one.yaml"), "one"],
      [join(directory, "two.yaml"), "two"],
    ]);
  });

  it("reports the problems of every bad file at once, before anything runs", () => {
    write("fine.yaml", "name: fine\nduration: 5s\n");
    const bad = write("bad.yaml", "name: bad\n");
    const worse = write(
      "worse.yaml",
      "name: worse\nduration: 5s\nseed: 1\nworkload: { kind: kvv }\n",
    );
    const missing = join(directory, "missing.yaml");
    const error = thrownBy(() => validateScenarioFiles([directory, missing], testCapabilities));
    expect(error.exitCode).toBe(64);
    expect(error.problems.map((problem) => problem.file)).toEqual([bad, worse, worse, missing]);
    expect(error.message.split("\n")).toEqual([
      `${bad}:1:1: duration: missing; expected a duration such as 500ms, 5s or 2m`,
      `${worse}:3:1: seed: unknown key here; seed belongs in \`cluster.seed\``,
      "  keys allowed here: name, description, cluster, raft, network, disk, workload, duration, nemesis, checks, expect",
      `${worse}:4:19: workload.kind: expected one of register, cas-register, kv, got "kvv"; did you mean \`kv\`?`,
      `${missing}: no such file or directory; check the path`,
    ]);
  });
});

describe("checkScenarioFiles", () => {
  it("answers per file, in the order the paths were given", () => {
    const second = write("second.yaml", "name: second\nduration: 5s\n");
    const first = write("first.yaml", "name: first\n");
    const checks = checkScenarioFiles([first, second], testCapabilities);
    expect(checks.map((check) => [check.file, check.ok])).toEqual([
      [first, false],
      [second, true],
    ]);
  });
});
