import { z } from "zod";
import {
  durationRangeSchema,
  durationSchema,
  type NodeId,
  nodeIdSchema,
  positiveDurationSchema,
  probabilitySchema,
  wholeMillisecondRangeSchema,
} from "./fields.js";

export const faultKinds = ["partition", "crash", "pause", "network", "clock-skew", "wipe"] as const;
export type FaultKind = (typeof faultKinds)[number];

export const partitionShapes = [
  "isolate-node",
  "isolate-leader",
  "random-halves",
  "majority-minority",
  "majorities-ring",
  "bridge",
  "one-way",
  "groups",
] as const;
export type PartitionShape = (typeof partitionShapes)[number];

/** Targets chosen when the fault starts (the leader then, a random pick from the seed). */
export const chosenTargets = ["leader", "random", "random-minority", "majority", "all"] as const;

const targetSchema = z
  .union([z.enum(chosenTargets), nodeIdSchema])
  .meta({ title: "leader, random, random-minority, majority, all or a node id such as n1" });

/** `"n1->n2"`: the messages n1 sends to n2. */
const linkSchema = z
  .string()
  .regex(/^n\d+->n\d+$/)
  .meta({ title: 'a directed link such as "n1->n2"' })
  .transform((text) => {
    const [from, to] = text.split("->") as [NodeId, NodeId];
    return { from, to };
  });

const randomScheduleSchema = z
  .strictObject({
    faults: z
      .array(z.enum(faultKinds))
      .min(1)
      .describe("the faults to draw from, each equally likely"),
    every: wholeMillisecondRangeSchema.describe(
      "time from one fault's start to the next one's, drawn from [min, max] in whole milliseconds",
    ),
    for: wholeMillisecondRangeSchema.describe(
      "how long each fault lasts, drawn from [min, max] in whole milliseconds",
    ),
  })
  .describe("a random schedule: which faults, how often, how long");

/**
 * One nemesis item as written: the schedule keys and every fault's parameters side by side. Which
 * keys may go together (`shape` only with partition, `until` only with a repeating schedule) is
 * checked when the item is resolved, so that a misplaced key gets a message naming where it
 * belongs rather than a bare "unknown key".
 */
export const nemesisItemInputSchema = z.strictObject({
  at: durationSchema.optional().describe("one-shot: when the fault starts"),
  from: durationSchema
    .optional()
    .describe("when the schedule starts (one-shot: the same as at); default 0s, periodic: every"),
  until: durationSchema
    .optional()
    .describe("periodic and random: no fault window ends after this; default the duration"),
  every: positiveDurationSchema
    .optional()
    .describe("periodic: time from one window's start to the next one's"),
  for: positiveDurationSchema
    .optional()
    .describe("partition, pause, network, clock-skew: how long until the fault is undone"),
  random: randomScheduleSchema.optional(),
  fault: z.enum(faultKinds).optional().describe("which fault; not with random"),
  shape: z.enum(partitionShapes).optional().describe("partition: who is cut from whom"),
  target: targetSchema.optional().describe("the node or nodes the fault hits; default random"),
  groups: z
    .array(z.array(nodeIdSchema).min(1))
    .min(2)
    .optional()
    .describe("partition shape groups: nodes in different groups cannot talk"),
  loseUnsynced: z
    .boolean()
    .optional()
    .describe("crash: the node also loses the writes it had not synced; default false"),
  tornWrite: z
    .boolean()
    .optional()
    .describe("crash: a seed-chosen prefix of the unsynced writes survives; default false"),
  restartAfter: positiveDurationSchema
    .optional()
    .describe("crash, wipe: how long the node stays down; default 1s"),
  drop: probabilitySchema.optional().describe("network: probability a message is lost"),
  duplicate: probabilitySchema.optional().describe("network: probability a message arrives twice"),
  reorder: probabilitySchema
    .optional()
    .describe("network: probability a message is overtaken by later ones"),
  delay: durationRangeSchema
    .optional()
    .describe("network: extra one-way delay drawn from [min, max]"),
  links: z
    .array(linkSchema)
    .min(1)
    .optional()
    .describe("network: the directed links affected; default all"),
  rate: z
    .number()
    .positive()
    .max(100)
    .optional()
    .describe("clock-skew: tick speed factor, e.g. 2 runs twice as fast, 0.5 half as fast"),
});

export type NemesisItemInput = z.output<typeof nemesisItemInputSchema>;
export type FaultParameterKey = Exclude<
  keyof NemesisItemInput,
  "at" | "from" | "until" | "every" | "for" | "random" | "fault"
>;

/** Which parameters belong to which fault. */
export const parametersByFault: Record<FaultKind, readonly FaultParameterKey[]> = {
  partition: ["shape", "target", "groups"],
  crash: ["target", "loseUnsynced", "tornWrite", "restartAfter"],
  pause: ["target"],
  network: ["drop", "duplicate", "reorder", "delay", "links"],
  "clock-skew": ["target", "rate"],
  wipe: ["target", "restartAfter"],
};

export const faultParameterKeys: readonly FaultParameterKey[] = [
  ...new Set(Object.values(parametersByFault).flat()),
];

/** Faults that last `for` a window; the others end when the node restarts (`restartAfter`). */
export const windowedFaults: readonly FaultKind[] = ["partition", "pause", "network", "clock-skew"];
