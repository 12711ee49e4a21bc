import { z } from "zod";
import { checksSchema, expectSchema } from "./checks.js";
import { clusterSchema } from "./cluster.js";
import { checkNodeReferences, checkWindowsWithinDuration } from "./cross-checks.js";
import { kebabNameSchema, maximumDurationMs, positiveDurationSchema } from "./fields.js";
import { nemesisSchema } from "./nemesis.js";
import { defaultSyncLatencyMsByMode, diskSchema, networkSchema } from "./network.js";
import { problemSink } from "./problem-sink.js";
import { raftSchema } from "./raft.js";
import { workloadSchema } from "./workload.js";

export { maximumDurationMs };

/**
 * The scenario schema: the one source of the YAML shape, its defaults, its validation and the
 * resolved `Scenario` type. Every object is strict (an unknown key is an error); sections left
 * out take their defaults; durations become milliseconds in fields named `...Ms`.
 */
export const scenarioSchema = z
  .strictObject({
    name: kebabNameSchema.describe("names the scenario and its report folder"),
    description: z
      .string()
      .max(4000)
      .default("")
      .describe("why the scenario exists, or why it must fail"),
    cluster: clusterSchema.prefault({}).describe("the nodes, the mode, the seed, the tick"),
    raft: raftSchema.prefault({}).describe("Raft timing and deliberate bugs"),
    network: networkSchema.prefault({}).describe("baseline behaviour of every link (sim)"),
    disk: diskSchema
      .prefault({})
      .describe(
        "the disk: how long an fsync takes (sim: the simulated disk; process: added to each real fsync of the log)",
      ),
    workload: workloadSchema.prefault({}).describe("the client operations"),
    duration: positiveDurationSchema.describe(
      "scenario time during which the workload and nemesis run",
    ),
    nemesis: nemesisSchema,
    checks: checksSchema.prefault({}).describe("what is checked after the run"),
    expect: expectSchema.prefault({}).describe("the verdict this scenario must reach"),
  })
  .transform(({ duration: durationMs, nemesis: items, ...scenario }, context) => {
    const problems = problemSink(context);
    const nemesis = items.map((item) =>
      item.schedule === "once" ? item : { ...item, untilMs: item.untilMs ?? durationMs },
    );
    checkNodeReferences(nemesis, scenario.cluster.nodeIds, problems);
    checkWindowsWithinDuration(nemesis, durationMs, problems);
    if (problems.count > 0) return z.NEVER;
    return {
      name: scenario.name,
      description: scenario.description,
      cluster: scenario.cluster,
      raft: scenario.raft,
      network: scenario.network,
      disk: {
        syncLatencyMs: scenario.disk.syncLatencyMs ?? [
          ...defaultSyncLatencyMsByMode[scenario.cluster.mode],
        ],
      },
      workload: scenario.workload,
      durationMs,
      nemesis,
      checks: scenario.checks,
      expect: scenario.expect,
    };
  });
