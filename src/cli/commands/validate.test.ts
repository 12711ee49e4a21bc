import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raftctlSync } from "../testing/spawn-raftctl.js";

const _repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
let directory: string;

function raftctl(...args: string[]) {
  return raftctlSync(args);
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "raftctl-validate-"));
  mkdirSync(join(directory, "set"));
  writeFileSync(join(directory, "set", "a-good.yaml"), "name: good\nduration: 10s\n");
  writeFileSync(
    join(directory, "set", "b-bad.yaml"),
    "name: bad\nduration: 10s\nnemesis:\n  - { at: 1s, fault: crash, loseUnsyncd: true }\n",
  );
  writeFileSync(join(directory, "set", "notes.txt"), "not a scenario\n");
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("raftctl validate", () => {
  it("prints ok for each valid file, the problems of each invalid one, and exits 64", () => {
    const set = join(directory, "set");
    const missing = join(directory, "missing.yaml");
    const { exitCode, stdout } = raftctl("validate", set, missing);
    expect(stdout.split("\n")).toEqual([
      `ok  ${join(set, "a-good.yaml")}`,
      `${join(set, "b-bad.yaml")}:4:29: nemesis[0].loseUnsyncd: unknown key; did you mean \`loseUnsynced\`?`,
      `${missing}: no such file or directory; check the path`,
      "",
    ]);
    expect(exitCode).toBe(64);
  });

  it("exits 0 when every scenario is valid", () => {
    const good = join(directory, "set", "a-good.yaml");
    const { exitCode, stdout, stderr } = raftctl("validate", good);
    expect(stdout).toBe(`ok  ${good}\n`);
    expect(stderr).toBe("");
    expect(exitCode).toBe(0);
  });

  it("refuses what run would refuse, each at its file:line:column, exit 64", () => {
    const cases: [string, string, string][] = [
      [
        "timeout.yaml",
        "workload: { timeout: 10000h }",
        ':3:22: workload.timeout: expected a duration of at most 24h, got "10000h"',
      ],
      [
        "every.yaml",
        "nemesis:\n  - { every: 1us, fault: pause, for: 1us }",
        ":4:14: nemesis[0].every: 1us is too short: the nemesis repeats a fault at most once every 1ms",
      ],
      [
        "random.yaml",
        "nemesis:\n  - random: { faults: [pause], every: [1us, 1us], for: [1ms, 1ms] }",
        ":4:39: nemesis[0].random.every: expected whole milliseconds, such as [1s, 4s] or [250ms, 1500ms]",
      ],
      [
        "mutation.yaml",
        "raft: { mutations: [stale-local-reed] }",
        ":3:21: raft.mutations[0]: unknown mutation `stale-local-reed`; did you mean `stale-local-read`?",
      ],
      [
        "schedule.yaml",
        "nemesis:\n  - { every: 1ms, fault: pause, for: 1us }",
        ":4:14: nemesis[0].every: the nemesis would reach 10999 fault windows here, and a run holds at most 10000: lengthen every or shorten the schedule",
      ],
    ];
    const files = cases.map(([name, body]) => {
      const file = join(directory, name);
      writeFileSync(file, `name: refused\nduration: 11s\n${body}\n`);
      return file;
    });
    const { exitCode, stdout } = raftctl("validate", ...files);
    const lines = stdout.split("\n").filter((line) => !line.startsWith("  "));
    expect(lines).toEqual([...cases.map(([, , line], index) => `${files[index]}${line}`), ""]);
    expect(exitCode).toBe(64);
  });

  it("asks for a path when given none", () => {
    const { exitCode, stderr } = raftctl("validate");
    expect(stderr).toContain("missing required argument 'paths'");
    expect(exitCode).toBe(64);
  });
});
