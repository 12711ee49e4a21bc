import { z } from "zod";
import { checkRandomItemHasNoFault, resolveFault } from "./faults.js";
import { type NemesisItemInput, nemesisItemInputSchema } from "./nemesis-input.js";
import { type ProblemSink, problemSink } from "./problem-sink.js";

/** Most nemesis items a scenario may hold: a bound on the schedule, not a practical limit. */
export const maximumNemesisItems = 100;

function resolveRandomSchedule(item: NemesisItemInput, problems: ProblemSink) {
  const random = item.random!;
  checkRandomItemHasNoFault(item, problems);
  return {
    schedule: "random" as const,
    faults: random.faults.filter((fault, index) => random.faults.indexOf(fault) === index),
    everyMs: random.every,
    forMs: random.for,
    fromMs: item.from ?? 0,
    // Filled in with the scenario's duration once the whole scenario is in view.
    untilMs: item.until ?? null,
  };
}

function resolveTimedSchedule(item: NemesisItemInput, problems: ProblemSink) {
  const fault = resolveFault(item, problems);
  if (item.every !== undefined) {
    if (item.at !== undefined) {
      problems.add(["at"], "a periodic schedule starts at from, not at; rename at to from", "key");
    }
    if (fault === null) return null;
    // One period in by default, as the nemesis does: at 0s the cluster has no leader yet.
    const fromMs = item.from ?? item.every;
    return {
      schedule: "periodic" as const,
      everyMs: item.every,
      fromMs,
      untilMs: item.until ?? null,
      fault,
    };
  }
  if (item.until !== undefined) {
    problems.add(["until"], "until applies to periodic (every) and random schedules only", "key");
  }
  if (item.at !== undefined && item.from !== undefined) {
    problems.add(["from"], "a one-shot fault has one start: give at or from, not both", "key");
  }
  if (item.at === undefined && item.from === undefined) {
    problems.add([], "no schedule: give at (one-shot), every (periodic) or random");
  }
  if (fault === null) return null;
  return { schedule: "once" as const, atMs: item.at ?? item.from ?? 0, fault };
}

/**
 * A nemesis item resolved into one of three schedules: `once` (one window at `atMs`),
 * `periodic` (a window every `everyMs` from `fromMs` to `untilMs`) or `random` (faults drawn
 * from the seed between `fromMs` and `untilMs`).
 */
export const nemesisItemSchema = nemesisItemInputSchema.transform((item, context) => {
  const problems = problemSink(context);
  const resolved =
    item.random !== undefined
      ? resolveRandomSchedule(item, problems)
      : resolveTimedSchedule(item, problems);
  if (resolved === null || problems.count > 0) return z.NEVER;
  return resolved;
});

export const nemesisSchema = z
  .array(nemesisItemSchema)
  .max(maximumNemesisItems)
  .prefault([])
  .describe("the faults to inject: one-shot, periodic or random schedules");
