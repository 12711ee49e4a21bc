import { z } from "zod";
import { kebabNameSchema, sizeSchema } from "./fields.js";
import { problemSink } from "./problem-sink.js";

export const raftSchema = z
  .strictObject({
    electionTicks: z
      .int()
      .min(2)
      .max(10_000)
      .default(10)
      .describe("election timeout in ticks, randomized per election in [n, 2n)"),
    heartbeatTicks: z
      .int()
      .min(1)
      .max(10_000)
      .default(1)
      .describe("ticks between a leader's heartbeats; below electionTicks"),
    mutations: z
      .array(kebabNameSchema)
      .max(32)
      .default([])
      .describe("deliberate bugs to switch on, e.g. commit-prior-term"),
    maxInflightMessages: z
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe("append messages in flight to one follower; default: the Raft core's"),
    maxInflightBytes: z
      .union([z.int().min(1), sizeSchema])
      .optional()
      .meta({ title: "a number of bytes or a size such as 1MiB" })
      .describe("bytes of entries in flight to one follower; default: the Raft core's"),
    maxMessageBytes: z
      .union([z.int().min(1), sizeSchema])
      .optional()
      .meta({ title: "a number of bytes or a size such as 64KiB" })
      .describe(
        "largest entry payload of one append message (at least one entry is always sent); default: the Raft core's",
      ),
  })
  .transform((raft, context) => {
    const problems = problemSink(context);
    if (raft.heartbeatTicks >= raft.electionTicks) {
      problems.add(
        ["heartbeatTicks"],
        `${raft.heartbeatTicks} must be below electionTicks (${raft.electionTicks}), so that followers hear from a leader before they time out`,
      );
    }
    raft.mutations.forEach((mutation, index) => {
      if (raft.mutations.indexOf(mutation) !== index) {
        problems.add(["mutations", index], `${mutation} is listed twice`);
      }
    });
    if (problems.count > 0) return z.NEVER;
    return {
      electionTicks: raft.electionTicks,
      heartbeatTicks: raft.heartbeatTicks,
      mutations: raft.mutations,
      maxInflightMessages: raft.maxInflightMessages ?? null,
      maxInflightBytes: raft.maxInflightBytes ?? null,
      maxMessageBytes: raft.maxMessageBytes ?? null,
    };
  });
