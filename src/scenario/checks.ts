import { z } from "zod";
import { durationSchema, positiveDurationSchema, probabilitySchema, sizeSchema } from "./fields.js";
import { problemSink } from "./problem-sink.js";

const linearizableBudgetSchema = z
  .strictObject({
    timeout: positiveDurationSchema
      .prefault("60s")
      .describe("time the checker may spend before it answers unknown"),
    memory: sizeSchema
      .prefault("1GiB")
      .describe("memory the checker may use before it answers unknown"),
  })
  .transform(({ timeout, memory }) => ({ timeoutMs: timeout, memoryBytes: memory }));

const defaultLinearizableBudget = linearizableBudgetSchema.parse({});

const availabilitySchema = z.strictObject({
  minOk: probabilitySchema
    .default(0.5)
    .describe("least share of operations invoked in quiet time that must succeed"),
  minOperations: z
    .int()
    .min(1)
    .max(1_000_000_000)
    .default(100)
    .describe("fewer operations in quiet time than this is too little observed: unknown"),
});

const defaultAvailability = availabilitySchema.parse({});

const electionsSchema = z
  .strictObject({
    maxPerMinute: z
      .number()
      .positive()
      .max(1_000_000)
      .optional()
      .describe(
        "most leaders elected per minute of quiet time; default one per 10 election timeouts (electionTicks x tick)",
      ),
  })
  .transform(({ maxPerMinute }) => ({ maxPerMinute: maxPerMinute ?? null }));

const defaultElections = electionsSchema.parse({});

const quietSchema = z
  .strictObject({
    settle: durationSchema
      .optional()
      .describe(
        "time after the start and after each fault ends that is not quiet yet; default 4 election timeouts (4 x electionTicks x tick)",
      ),
    minDuration: positiveDurationSchema
      .prefault("3s")
      .describe("less quiet time than this is too little observed: unknown"),
  })
  .transform(({ settle, minDuration }) => ({
    settleMs: settle ?? null,
    minDurationMs: minDuration,
  }));

export const checksSchema = z
  .strictObject({
    linearizable: z
      .union([z.boolean(), linearizableBudgetSchema])
      .meta({ title: "true, false or a mapping with timeout and memory" })
      .prefault(true)
      .transform((value) => (value === true ? { ...defaultLinearizableBudget } : value))
      .describe(
        "check the history per key with a budget; true for the default budget, false to skip",
      ),
    invariants: z.boolean().default(true).describe("check the Raft invariants on the event stream"),
    recoverWithin: positiveDurationSchema
      .prefault("5s")
      .describe("after the final heal, a leader and every final read within this"),
    availability: z
      .union([z.boolean(), availabilitySchema])
      .meta({ title: "true, false or a mapping with minOk and minOperations" })
      .prefault(true)
      .transform((value) => (value === true ? { ...defaultAvailability } : value))
      .describe(
        "a floor on the share of ok operations in quiet time; true for the defaults, false to skip",
      ),
    elections: z
      .union([z.boolean(), electionsSchema])
      .meta({ title: "true, false or a mapping with maxPerMinute" })
      .prefault(true)
      .transform((value) => (value === true ? { ...defaultElections } : value))
      .describe(
        "a bound on leaders elected per minute of quiet time; true for the default, false to skip",
      ),
    quiet: quietSchema
      .prefault({})
      .describe(
        "quiet time, where availability and elections are judged: no fault active, after settling",
      ),
  })
  .transform(({ linearizable, invariants, recoverWithin, availability, elections, quiet }) => ({
    linearizable,
    invariants,
    recoverWithinMs: recoverWithin,
    availability,
    elections,
    quiet,
  }));

/**
 * What a run can fail by, as `expect.by` names it: the linearizability, invariants, liveness,
 * availability and elections checks, and `system-error` for a node of the system under test
 * that failed on its own (refused to start, died).
 */
export const failureReasons = [
  "linearizability",
  "invariant",
  "liveness",
  "availability",
  "elections",
  "system-error",
] as const;

export const expectSchema = z
  .strictObject({
    verdict: z
      .enum(["pass", "fail"])
      .default("pass")
      .describe("pass: every check must pass; fail: a mutant scenario that must be caught"),
    by: z
      .array(z.enum(failureReasons))
      .min(1)
      .optional()
      .describe("with verdict fail: the reasons that count as caught; default any of them"),
  })
  .transform(({ verdict, by }, context) => {
    if (verdict === "pass") {
      if (by === undefined) return { verdict };
      problemSink(context).add(["by"], "`by` applies only with verdict: fail; remove it", "key");
      return z.NEVER;
    }
    const reasons = by ?? [...failureReasons];
    return { verdict, by: reasons.filter((reason, index) => reasons.indexOf(reason) === index) };
  });
