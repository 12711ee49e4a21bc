import { z } from "zod";
import { nodeIdsOf, positiveDurationSchema } from "./fields.js";

/**
 * The tick length when the scenario gives none. Sim time is virtual, so short ticks cost
 * nothing; real processes on two shared cores need ticks long enough that an fsync or a busy
 * CPU does not look like a dead leader.
 */
export const defaultTickMsByMode = { sim: 10, process: 50 } as const;

export const maximumNodes = 9;

/**
 * The shortest tick: a real timer fires at most once a millisecond, and a shorter simulated tick
 * only makes a run that cannot finish within its time limit.
 */
export const minimumTickMs = 1;
export const maximumSeed = 2 ** 32 - 1;

export const clusterSchema = z
  .strictObject({
    mode: z
      .enum(["sim", "process"])
      .default("sim")
      .describe("sim: one process, virtual time; process: one child process per node"),
    nodes: z.int().min(1).max(maximumNodes).default(5).describe("number of nodes, n1..nN"),
    seed: z
      .int()
      .min(0)
      .max(maximumSeed)
      .default(1)
      .describe("seeds every random choice: network, workload, nemesis"),
    tick: positiveDurationSchema
      .refine((tickMs) => tickMs >= minimumTickMs, {
        message: "expected a tick of at least 1ms",
      })
      .optional()
      .describe("length of one Raft tick; default 10ms in sim mode, 50ms in process mode"),
  })
  .transform(({ mode, nodes, seed, tick }) => ({
    mode,
    nodes,
    nodeIds: nodeIdsOf(nodes),
    seed,
    tickMs: tick ?? defaultTickMsByMode[mode],
  }));
