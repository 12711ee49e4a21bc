import { z } from "zod";
import { positiveDurationSchema, probabilitySchema } from "./fields.js";
import { type ProblemSink, problemSink } from "./problem-sink.js";

export const workloadKinds = ["register", "cas-register", "kv"] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

/** The operations each workload kind issues, and its mix when the scenario gives none. */
export const defaultMixByKind = {
  register: { read: 0.5, write: 0.5 },
  "cas-register": { read: 0.5, write: 0.25, cas: 0.25 },
  kv: { get: 0.5, put: 0.25, append: 0.25 },
} as const;

const mixSchema = z
  .strictObject({
    read: probabilitySchema.optional(),
    write: probabilitySchema.optional(),
    cas: probabilitySchema.optional(),
    get: probabilitySchema.optional(),
    put: probabilitySchema.optional(),
    append: probabilitySchema.optional(),
  })
  .describe(
    "share of each operation; register: read, write; cas-register: read, write, cas; kv: get, put, append",
  );

type MixInput = z.output<typeof mixSchema>;
type MixOf<Kind extends WorkloadKind> = Record<keyof (typeof defaultMixByKind)[Kind], number>;

/** Floating-point shares such as 0.1 + 0.2 must still count as summing to 1. */
const mixSumTolerance = 1e-9;

/** The mix with every operation of `kind` present (0 when left out), or null after reporting. */
function resolveMix<Kind extends WorkloadKind>(
  kind: Kind,
  mix: MixInput | undefined,
  problems: ProblemSink,
): MixOf<Kind> | null {
  const defaults = defaultMixByKind[kind];
  if (mix === undefined) return { ...defaults } as MixOf<Kind>;
  const operations = Object.keys(defaults);
  const problemsBefore = problems.count;
  for (const [operation, share] of Object.entries(mix)) {
    if (share !== undefined && !operations.includes(operation)) {
      problems.add(
        ["mix", operation],
        `a ${kind} workload has no ${operation} operation; its operations are ${operations.join(", ")}`,
        "key",
      );
    }
  }
  const resolved = Object.fromEntries(
    operations.map((operation) => [operation, mix[operation as keyof MixInput] ?? 0]),
  );
  const sum = Object.values(resolved).reduce((total, share) => total + share, 0);
  if (Math.abs(sum - 1) > mixSumTolerance) {
    problems.add(
      ["mix"],
      `the shares of ${operations.join(", ")} must sum to 1, but they sum to ${Number(sum.toFixed(6))}`,
    );
  }
  if (problems.count > problemsBefore) return null;
  return resolved as MixOf<Kind>;
}

export const workloadSchema = z
  .strictObject({
    kind: z
      .enum(workloadKinds)
      .default("cas-register")
      .describe("register: read/write; cas-register: read/write/cas; kv: get/put/append"),
    keys: z.int().min(1).max(10_000).default(8).describe("keys in use at once"),
    clients: z.int().min(1).max(1000).default(10).describe("client sessions issuing operations"),
    rate: z
      .number()
      .positive()
      .max(100_000)
      .default(200)
      .describe("operations per second over all clients (open loop)"),
    timeout: positiveDurationSchema.prefault("1s").describe("deadline of one operation"),
    mix: mixSchema.optional(),
    opsPerKey: z
      .int()
      .min(1)
      .max(1_000_000)
      .default(200)
      .describe("operations on a key before it retires and a fresh key takes its place"),
  })
  .transform(({ kind, mix, timeout, ...rest }, context) => {
    const problems = problemSink(context);
    const common = {
      keys: rest.keys,
      clients: rest.clients,
      rate: rest.rate,
      timeoutMs: timeout,
      opsPerKey: rest.opsPerKey,
    };
    // One branch per kind so that the resolved type ties each kind to its own operations.
    if (kind === "register") {
      const resolvedMix = resolveMix("register", mix, problems);
      return resolvedMix ? { kind, ...common, mix: resolvedMix } : z.NEVER;
    }
    if (kind === "cas-register") {
      const resolvedMix = resolveMix("cas-register", mix, problems);
      return resolvedMix ? { kind, ...common, mix: resolvedMix } : z.NEVER;
    }
    const resolvedMix = resolveMix("kv", mix, problems);
    return resolvedMix ? { kind, ...common, mix: resolvedMix } : z.NEVER;
  });
