import { z } from "zod";
import { positiveDurationSchema, probabilitySchema, sizeSchema } from "./fields.js";
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
      .strictObject({
        minOk: probabilitySchema
          .default(0)
          .describe("least share of ok operations outside fault windows; 0 for no floor"),
      })
      .prefault({}),
  })
  .transform(({ linearizable, invariants, recoverWithin, availability }) => ({
    linearizable,
    invariants,
    recoverWithinMs: recoverWithin,
    availability,
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
