import { z } from "zod";
import { parseDurationMs, parseSizeBytes } from "./units.js";

/**
 * The value schemas every section shares. Their JSON Schema `title` is the phrase an error
 * message uses for "what was expected", so an editor's hover and raftctl's messages say the
 * same thing; the examples sit on the string before the transform because zod drops examples
 * from transforming schemas when it writes the input JSON Schema.
 */

const durationText = z
  .string()
  .regex(/^\d+(\.\d+)?(us|ms|s|m|h)$/)
  .meta({ title: "a duration such as 500ms, 5s or 2m", examples: ["500ms", "5s", "2m"] });

/**
 * The longest duration anywhere in a scenario: the longest run, and a bound on every timeout and
 * window in it, so that scenario time always fits the simulator's clock.
 */
export const maximumDurationMs = 24 * 3_600_000;

/**
 * A duration string (`500ms`, `5s`, `2m`; units us, ms, s, m, h) resolved to milliseconds, at
 * most 24h.
 */
export const durationSchema = durationText
  .transform(parseDurationMs)
  .refine((durationMs) => durationMs <= maximumDurationMs, {
    message: "expected a duration of at most 24h",
  });

export const positiveDurationSchema = durationSchema.refine((durationMs) => durationMs > 0, {
  message: "expected a duration longer than 0s",
});

function durationRange(
  title: string,
  element: typeof durationSchema | typeof positiveDurationSchema,
) {
  return z
    .tuple([element, element])
    .refine(([minimumMs, maximumMs]) => minimumMs <= maximumMs, {
      message: "expected [min, max] with min not above max",
    })
    .meta({ title });
}

/** `[min, max]` durations resolved to `[minMs, maxMs]`; a value is drawn uniformly from it. */
export const durationRangeSchema = durationRange(
  "a range [min, max] of durations such as [1ms, 5ms]",
  durationSchema,
);

export const positiveDurationRangeSchema = durationRange(
  "a range [min, max] of durations above 0s such as [1s, 4s]",
  positiveDurationSchema,
);

/** As `positiveDurationRangeSchema`, in whole milliseconds: a value is drawn from it per millisecond. */
export const wholeMillisecondRangeSchema = positiveDurationRangeSchema.refine(
  ([minimumMs, maximumMs]) => Number.isInteger(minimumMs) && Number.isInteger(maximumMs),
  { message: "expected whole milliseconds, such as [1s, 4s] or [250ms, 1500ms]" },
);

/** A size string (`512MiB`, `1GiB`, `100MB`, `4096B`) resolved to bytes. */
export const sizeSchema = z
  .string()
  .regex(/^\d+(\.\d+)?(B|KB|MB|GB|KiB|MiB|GiB)$/)
  .meta({ title: "a size such as 512MiB or 1GiB", examples: ["512MiB", "1GiB"] })
  .transform(parseSizeBytes);

export const probabilitySchema = z.number().min(0).max(1).meta({ title: "a number from 0 to 1" });

/** Lowercase words joined by single hyphens: scenario names and mutation names. */
export const kebabNameSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .meta({
    title: "a kebab-case name: lowercase letters and digits joined by single hyphens",
  });

/**
 * A node id `n1`..`nN`. The pattern admits any `n<integer>`; whether the node exists depends on
 * `cluster.nodes` and is checked with the whole scenario in view.
 */
export const nodeIdSchema = z
  .templateLiteral(["n", z.int()])
  .meta({ title: "a node id such as n1" });

export type NodeId = z.output<typeof nodeIdSchema>;

/** The ids of a cluster of `nodeCount` nodes: n1..nN. */
export function nodeIdsOf(nodeCount: number): NodeId[] {
  return Array.from({ length: nodeCount }, (_, index): NodeId => `n${index + 1}`);
}
