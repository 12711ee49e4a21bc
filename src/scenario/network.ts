import { z } from "zod";
import { durationRangeSchema, probabilitySchema } from "./fields.js";

/** The baseline behaviour of every node-to-node link (sim mode), before any nemesis fault. */
export const networkSchema = z
  .strictObject({
    delay: durationRangeSchema
      .prefault(["1ms", "5ms"])
      .describe("one-way delay of each message, drawn uniformly from [min, max]"),
    drop: probabilitySchema.default(0).describe("probability that a message is lost"),
    duplicate: probabilitySchema.default(0).describe("probability that a message arrives twice"),
    reorder: probabilitySchema
      .default(0)
      .describe("probability that a message is held back so later ones overtake it"),
  })
  .transform(({ delay, drop, duplicate, reorder }) => ({
    delayMs: delay,
    drop,
    duplicate,
    reorder,
  }));

/** The disk: simulated in sim mode; in process mode, a latency added to each real fsync of the log. */
export const diskSchema = z
  .strictObject({
    syncLatency: durationRangeSchema
      .prefault(["1ms", "4ms"])
      .describe("time one fsync takes, drawn uniformly from [min, max]"),
  })
  .transform(({ syncLatency }) => ({ syncLatencyMs: syncLatency }));
