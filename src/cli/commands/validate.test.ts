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

  it("asks for a path when given none", () => {
    const { exitCode, stderr } = raftctl("validate");
    expect(stderr).toContain("missing required argument 'paths'");
    expect(exitCode).toBe(64);
  });
});
