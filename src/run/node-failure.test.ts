import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SimCluster } from "../cluster/sim/sim-cluster.js";
import type { Cluster } from "../cluster/types.js";
import { applyOverrides } from "../scenario/index.js";
import { scenarioExitCode } from "./expectation.js";
import { IoFailureError } from "./io-failure.js";
import { runFiles } from "./run-directory.js";
import { runScenario } from "./run-scenario.js";
import { scenarioFromText } from "./testing/test-scenarios.js";

const root = mkdtempSync(join(tmpdir(), "raftctl-node-failure-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** n1 crashes at 1 s and restarts 300 ms later; by then its log holds many records. */
function crashRestartText(expect = "{ verdict: pass }"): string {
  return `name: corrupt-log
duration: 3s
cluster: { nodes: 3, seed: 3 }
workload: { kind: register, keys: 2, clients: 3, rate: 50 }
nemesis:
  - { at: 1s, fault: crash, target: n1, restartAfter: 300ms }
expect: ${expect}
`;
}

/**
 * Flips a byte inside the first record of `node`'s log as it restarts (the restart event comes
 * before the node reads its disk): corruption, not a torn tail, so the node refuses to start.
 */
function corruptLogAtRestart(node: string) {
  return (cluster: Cluster, runDir: string) => {
    cluster.onEvent((event) => {
      if (event.type !== "restart" || event.node !== node) return;
      if (cluster instanceof SimCluster) {
        const disk = cluster.node(node).disk;
        const bytes = disk.read();
        bytes[10] = (bytes[10] as number) ^ 0xff;
        disk.replaceBytes(bytes);
        return;
      }
      const wal = join(runDir, "nodes", node, "data", "wal.log");
      const bytes = readFileSync(wal);
      bytes[10] = (bytes[10] as number) ^ 0xff;
      writeFileSync(wal, bytes);
    });
  };
}

describe("the system under test failing on its own", () => {
  it.each([
    ["sim", {}],
    ["process", { mode: "process" as const, duration: "2500ms" }],
  ])(
    "is a found bug in %s mode: a node refusing to start on a corrupt log fails the run, exit 1",
    async (_mode, overrides) => {
      const scenario = applyOverrides(scenarioFromText(crashRestartText()), overrides);
      const outcome = await runScenario({
        scenario,
        scenarioFile: "corrupt-log.yaml",
        reportRoot: root,
        onCluster: corruptLogAtRestart("n1"),
      });
      const { result } = outcome;
      expect(result).toMatchObject({
        verdict: "fail",
        exitCode: 1,
        error: null,
        expectationMet: false,
        reproduce: expect.stringMatching(/^raftctl run corrupt-log.yaml --seed 3/),
      });
      expect(outcome.exitCode).toBe(1);
      const system = result.checks.find((check) => check.name === "system");
      expect(system).toMatchObject({
        verdict: "fail",
        details: { node: "n1", stage: "refused-to-start", fatal: { name: "LogCorruptionError" } },
      });
      expect(system?.reason).toMatch(
        /^node n1 refused to start.*LogCorruptionError: log of .* is corrupt at byte offset \d+/,
      );
      const stored = JSON.parse(readFileSync(join(outcome.runDir, runFiles.result), "utf8"));
      expect([stored.verdict, stored.exitCode]).toEqual(["fail", 1]);
    },
  );

  it("meets a scenario's expectation of a failure by system-error", async () => {
    const expectation = "{ verdict: fail, by: [system-error] }";
    const outcome = await runScenario({
      scenario: scenarioFromText(crashRestartText(expectation)),
      reportRoot: root,
      onCluster: corruptLogAtRestart("n1"),
    });
    expect(outcome.result).toMatchObject({ verdict: "fail", expectationMet: true });
    expect(scenarioExitCode(outcome.result.expected, [outcome.result])).toBe(0);
  });

  it("is not a found bug when the cause is an I/O failure outside raftctl's control: verdict io-failure, exit 74", async () => {
    const outcome = await runScenario({
      scenario: scenarioFromText(crashRestartText()),
      reportRoot: root,
      onCluster: (cluster) => {
        cluster.restart = async (node) => {
          throw new IoFailureError(`nodes/${node}/data/wal.log`, "ENOSPC", `node ${node}`);
        };
      },
    });
    expect(outcome.result).toMatchObject({
      verdict: "io-failure",
      exitCode: 74,
      error: "node n1: cannot write nodes/n1/data/wal.log: no space left on the device (ENOSPC)",
    });
    expect(outcome.exitCode).toBe(74);
    // Nothing is judged of the system on a run the disk failed under: never a passing check.
    const system = outcome.result.checks.find((check) => check.name === "system");
    expect(system?.verdict).toBe("unknown");
  });
});
