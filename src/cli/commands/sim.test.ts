import { describe, expect, it } from "vitest";
import { raftctlSync } from "../testing/spawn-raftctl.js";

function raftctl(...args: string[]) {
  return raftctlSync(args);
}

describe("raftctl sim", () => {
  it("runs a cluster under faults, prints what happened with the seed, and prints the same again for the same seed", () => {
    const first = raftctl("sim", "--nodes", "3", "--duration", "8s", "--seed", "5");
    const second = raftctl("sim", "--nodes", "3", "--duration", "8s", "--seed", "5");
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);
    const lines = first.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("raftctl sim: 3 nodes, 8s simulated, seed 5");
    expect(first.stdout).toMatch(/\n\s+\d+\.\d{3}s {2}(partition|crash|pause|network) /);
    expect(first.stdout).toMatch(/\nelections: [1-9]\d*, last term \d+ \(/);
    expect(first.stdout).toMatch(/\noperations: [1-9]\d* ok, \d+ fail, \d+ unknown\n/);
    expect(first.stdout).toMatch(/\ncommitted index: n1 \d+, n2 \d+, n3 \d+\n/);
    expect(first.stdout).toMatch(/\ninvariants: no violations in \d+ events\n/);
    expect(lines.at(-1)).toBe(
      "seed 5; reproduce with: raftctl sim --nodes 3 --duration 8s --seed 5",
    );
    expect(second.stdout).toBe(first.stdout);
  });

  it("prints the report as JSON with --json", () => {
    const { exitCode, stdout } = raftctl(
      "sim",
      "--nodes",
      "3",
      "--duration",
      "4s",
      "--seed",
      "2",
      "--json",
    );
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      seed: 2,
      nodes: 3,
      durationMs: 4000,
      violations: [],
      failure: null,
    });
    expect(Object.keys(report.commitIndex)).toEqual(["n1", "n2", "n3"]);
    expect(report.operations.ok).toBeGreaterThan(0);
  });

  it("refuses bad flag values with a one-line message and exit 64", () => {
    for (const [flag, value, message] of [
      ["--nodes", "0", "--nodes must be an integer from 1 to 9, got '0'"],
      ["--duration", "5x", "'5x' is not a duration"],
      ["--seed", "-3", "--seed must be a non-negative integer, got '-3'"],
    ] as const) {
      const { exitCode, stderr, stdout } = raftctl("sim", flag, value);
      expect(exitCode).toBe(64);
      expect(stdout).toBe("");
      expect(stderr).toContain(message);
      expect(stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
  });
});
