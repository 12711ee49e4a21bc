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

/**
 * The sync latency when the scenario gives none, per mode (resolved with the mode, as the tick
 * is): the simulated disk models a fast one; in process mode the real disk's own latency is
 * already there, so nothing is added to it.
 */
export const defaultSyncLatencyMsByMode = {
  sim: [1, 4],
  process: [0, 0],
} as const satisfies Record<string, readonly [number, number]>;

/** The disk: simulated in sim mode; in process mode, a latency added to each real fsync of the log. */
export const diskSchema = z
  .strictObject({
    syncLatency: durationRangeSchema
      .optional()
      .describe(
        "time one fsync takes, drawn uniformly from [min, max]; default [1ms, 4ms] in sim mode, nothing added to the real disk in process mode",
      ),
  })
  .transform(({ syncLatency }) => ({ syncLatencyMs: syncLatency ?? null }));
