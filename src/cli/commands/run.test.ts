import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../report/index.js";
import { analyzeRun } from "../../run/index.js";
import {
  longScenarioText,
  mutantScenarioText,
  passingScenarioText,
} from "../../run/testing/test-scenarios.js";
import { raftctl, startRaftctl } from "../testing/spawn-raftctl.js";

/** The CLI starts slowly under tsx on a busy machine; each of these spawns it one to three times. */
const testTimeoutMs = 240_000;
let directory: string;
const path = (...parts: string[]) => join(directory, ...parts);

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "raftctl-run-cli-"));
  mkdirSync(path("set"));
  writeFileSync(
    path("set", "a-tiny.yaml"),
    passingScenarioText.replace("duration: 3s", "duration: 2500ms"),
  );
  writeFileSync(path("set", "b-mutant.yaml"), mutantScenarioText());
  writeFileSync(path("set", "notes.txt"), "not a scenario\n");
  mkdirSync(path("set", "nested"));
  writeFileSync(path("set", "nested", "ignored.yaml"), "name: ignored\n");
  writeFileSync(
    path("broken.yaml"),
    mutantScenarioText().replace(
      "verdict: fail, by: [linearizability, invariant]",
      "verdict: pass",
    ),
  );
  writeFileSync(path("long.yaml"), longScenarioText);
  writeFileSync(
    path("bad.yaml"),
    "name: bad\nduration: 2s\nworkload: { kind: cas-register, clinets: 3 }\n",
  );
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function jsonLines(stdout: string): RunResult[] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RunResult);
}

describe.concurrent("raftctl run", () => {
  it(
    "runs a directory's scenarios in two child processes: JSON Lines, one junit file, exit 0 when the mutant is caught",
    async () => {
      const reports = path("reports-set");
      const junit = path("out", "junit.xml");
      const { exitCode, stdout, stderr } = await raftctl(
        ["run", path("set"), "--jobs", "2", "--json", "--junit", junit, "--report-dir", reports],
        { timeoutMs: 240_000 },
      );
      expect(stderr).toBe("");
      const results = jsonLines(stdout);
      const runs = results.map((result) => `${result.scenario}#${result.seed}`).sort();
      expect(runs).toEqual(["ack-mutant#1", "tiny#3"]);
      const [mutant, tiny] = results.sort((left, right) =>
        left.scenario.localeCompare(right.scenario),
      );
      expect(tiny).toMatchObject({ verdict: "pass", exitCode: 0 });
      // A run's own code is its verdict's; the mutant scenario is caught, so the invocation exits 0.
      expect(mutant).toMatchObject({ verdict: "fail", expectationMet: true, exitCode: 1 });
      for (const result of results)
        expect(existsSync(join(result.reportDir, "result.json"))).toBe(true);
      expect(exitCode).toBe(0);
      const xml = readFileSync(junit, "utf8");
      expect(xml.match(/<testsuite /g)).toHaveLength(2);
      expect(xml).toContain('name="linearizability seed=3"');
      expect(xml).toContain("caught by seed 1");
      expect(readdirSync(reports).sort()).toEqual(["ack-mutant", "latest", "tiny"]);
    },
    testTimeoutMs,
  );

  it(
    "runs seeds in turn and fails a scenario that breaks, printing what broke and how to reproduce it, exit 1; analyze and replay agree",
    async () => {
      const reports = path("reports-broken");
      const run = await raftctl([
        "run",
        path("broken.yaml"),
        "--seed",
        "1",
        "--seeds",
        "2",
        "--report-dir",
        reports,
      ]);
      expect(run.stderr).toBe("");
      const lines = run.stdout.trimEnd().split("\n");
      expect(lines[0]).toMatch(
        /^FAIL ack-mutant seed=1 \d+\.\ds ok=\d+ fail=\d+ info=\d+ {2}.*ack-mutant.\d{8}T\d{6}Z-seed1$/,
      );
      expect(run.stdout).toMatch(/\n {4}invariants: /);
      expect(run.stdout).toContain(
        `\n    reproduce: raftctl run ${path("broken.yaml")} --seed 1\n`,
      );
      expect(run.stdout).toMatch(/\n(PASS|FAIL) ack-mutant seed=2 /);
      expect(lines.at(-1)).toMatch(/^2 runs: \d passed, \d failed$/);
      expect(run.exitCode).toBe(1);

      const [seedOne] = readdirSync(join(reports, "ack-mutant")).filter((name) =>
        name.endsWith("-seed1"),
      );
      const runDir = join(reports, "ack-mutant", seedOne!);
      const [analyze, replay] = await Promise.all([
        raftctl(["analyze", runDir, "--no-write"]),
        raftctl(["replay", runDir]),
      ]);
      expect(analyze.stdout).toMatch(/^FAIL ack-mutant seed=1 /);
      expect(analyze.exitCode).toBe(1);
      expect(replay.stdout).toContain("identical: history.jsonl and events.jsonl match");
      expect(replay.exitCode).toBe(0);
    },
    testTimeoutMs,
  );

  it("refuses a bad scenario and bad flags before running anything, exit 64", async () => {
    const [scenario, flag] = await Promise.all([
      raftctl(["run", path("set"), path("bad.yaml"), "--report-dir", path("reports-bad")]),
      raftctl(["run", path("set"), "--jobs", "0"]),
    ]);
    expect(scenario.stderr).toBe(
      `raftctl: ${path("bad.yaml")}:3:33: workload.clinets: unknown key; did you mean \`clients\`?\n`,
    );
    expect(scenario.exitCode).toBe(64);
    expect(existsSync(path("reports-bad"))).toBe(false);
    expect(flag.stderr).toBe("raftctl: --jobs must be an integer from 1 to 64, got '0'\n");
    expect(flag.exitCode).toBe(64);
  });

  it("refuses an empty --report-dir, exit 64, and writes nothing", async () => {
    const work = path("empty-report-dir");
    mkdirSync(work);
    writeFileSync(join(work, "tiny.yaml"), passingScenarioText);
    const { exitCode, stderr } = await raftctl(["run", "tiny.yaml", "--report-dir", ""], {
      cwd: work,
    });
    expect(stderr).toContain("option '--report-dir <dir>' argument '' is invalid");
    expect(exitCode).toBe(64);
    expect(readdirSync(work)).toEqual(["tiny.yaml"]);
  });

  it(
    "runs a scenario file named like a flag with --jobs 2, and its reproduction line works as printed",
    async () => {
      const work = path("flag-named");
      mkdirSync(work);
      const short = passingScenarioText.replace("duration: 3s", "duration: 2500ms");
      writeFileSync(join(work, "--json.yaml"), short.replace("name: tiny", "name: flag-named"));
      writeFileSync(join(work, "plain.yaml"), short);
      const run = await raftctl(
        [
          "run",
          "--jobs",
          "2",
          "--json",
          "--report-dir",
          "reports",
          "--",
          "--json.yaml",
          "plain.yaml",
        ],
        { cwd: work, timeoutMs: 240_000 },
      );
      expect(run.stderr).toBe("");
      const results = jsonLines(run.stdout);
      const flagNamed = results.find((result) => result.scenario === "flag-named");
      expect(flagNamed).toMatchObject({
        scenarioFile: "--json.yaml",
        verdict: "pass",
        exitCode: 0,
      });
      expect(run.exitCode).toBe(0);
      expect(flagNamed!.reproduce).toBe("raftctl run --seed 3 -- --json.yaml");

      // As printed, with this test's report root and JSON output put in front of its flags.
      const [command, subcommand, ...printed] = flagNamed!.reproduce.split(" ");
      expect([command, subcommand]).toEqual(["raftctl", "run"]);
      const again = await raftctl(["run", "--report-dir", "reports-again", "--json", ...printed], {
        cwd: work,
      });
      expect(again.stderr).toBe("");
      expect(jsonLines(again.stdout)[0]).toMatchObject({ scenario: "flag-named", seed: 3 });
      expect(again.exitCode).toBe(0);
    },
    testTimeoutMs,
  );

  it(
    "stops cleanly on SIGINT with exit 130 and a partial report that analyze accepts",
    async () => {
      const reports = path("reports-interrupt");
      const { child, exit } = startRaftctl(["run", path("long.yaml"), "--report-dir", reports]);
      const history = () => {
        const runs = existsSync(join(reports, "long")) ? readdirSync(join(reports, "long")) : [];
        const file = runs.length === 0 ? "" : join(reports, "long", runs[0]!, "history.jsonl");
        return existsSync(file) ? readFileSync(file, "utf8") : "";
      };
      for (
        let waitedMs = 0;
        history().split("\n").length < 50 && waitedMs < 60_000;
        waitedMs += 50
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill("SIGINT");
      const { exitCode, stdout } = await exit;
      expect(stdout).toMatch(/^INTERRUPTED long seed=2 /);
      expect(stdout).toContain("    interrupted: the history is partial\n");
      expect(stdout).toContain(`    reproduce: raftctl run ${path("long.yaml")} --seed 2\n`);
      expect(exitCode).toBe(130);
      const [runDir] = readdirSync(join(reports, "long"));
      const analyzed = await analyzeRun(join(reports, "long", runDir!), { write: false });
      expect(analyzed.result.interrupted).toBe(true);
      expect(analyzed.result.checks[0]).toMatchObject({ name: "linearizability", verdict: "pass" });
      // What an interrupted run never observed may have failed: unknown, never a pass.
      expect(analyzed.result.verdict).toBe("unknown");
      expect(analyzed.exitCode).toBe(2);
    },
    testTimeoutMs,
  );
});
