import type { ModelName, OperationFunction } from "../history/types.js";
import { WorkloadError } from "./errors.js";

export type WorkloadKind = "register" | "cas-register" | "kv";

/**
 * The workload as the run resolved it from the scenario (durations in ms). `mix` weighs the
 * operations of the kind: register read/write, cas-register read/write/cas, kv get/put/append;
 * the weights need not sum to 1. Absent: the defaults below.
 */
export interface WorkloadOptions {
  kind: WorkloadKind;
  /** Keys in use at once. */
  keys: number;
  /** Client sessions; each has at most one operation in flight. */
  clients: number;
  /** Operations per second in total, issued open loop. */
  rate: number;
  /** Deadline of one operation, retries included. */
  timeoutMs: number;
  mix?: Partial<Record<OperationFunction, number>>;
  /** A key retires after this many operations and a fresh key takes its place. */
  opsPerKey: number;
  /** Calls one operation may make (following hints, trying another node). Default 2 × nodes + 1. */
  maxAttempts?: number;
  /**
   * Longest wait for one call before trying another node with the same sequence (safe: the
   * state machine applies a session sequence at most once). Default half the timeout, so a
   * crashed node costs an operation half its deadline rather than all of it.
   */
  attemptTimeoutMs?: number;
}

/** Above this the load would be generated faster than any cluster here can answer. */
export const rateMax = 100_000;

export const operationsOf: Record<WorkloadKind, readonly OperationFunction[]> = {
  register: ["read", "write"],
  "cas-register": ["read", "write", "cas"],
  kv: ["get", "put", "append"],
};

export const defaultMix: Record<WorkloadKind, Partial<Record<OperationFunction, number>>> = {
  register: { read: 0.5, write: 0.5 },
  "cas-register": { read: 0.5, write: 0.25, cas: 0.25 },
  kv: { get: 0.5, put: 0.25, append: 0.25 },
};

/** The checker model a workload's history is checked against (the history header's `model`). */
export function modelForWorkload(kind: WorkloadKind): ModelName {
  return kind;
}

/** Throws a `WorkloadError` naming the first option that cannot be run. */
export function validateWorkloadOptions(options: WorkloadOptions): void {
  requireInteger(options.keys, 1, "workload.keys");
  requireInteger(options.clients, 1, "workload.clients");
  requireInteger(options.opsPerKey, 1, "workload.opsPerKey");
  if (!(options.rate >= 0 && options.rate <= rateMax)) {
    throw new WorkloadError(
      `workload.rate is ${options.rate}: expected operations per second, from 0 to ${rateMax}`,
    );
  }
  if (!(options.timeoutMs > 0 && Number.isFinite(options.timeoutMs))) {
    throw new WorkloadError(`workload.timeout is ${options.timeoutMs} ms: expected more than 0`);
  }
  if (options.maxAttempts !== undefined)
    requireInteger(options.maxAttempts, 1, "workload.maxAttempts");
  const operations = operationsOf[options.kind];
  if (operations === undefined) {
    throw new WorkloadError(
      `workload.kind is '${options.kind}': expected register, cas-register or kv`,
    );
  }
  const mix = options.mix ?? defaultMix[options.kind];
  for (const [name, weight] of Object.entries(mix)) {
    if (!operations.includes(name as OperationFunction)) {
      throw new WorkloadError(
        `workload.mix.${name} is not an operation of ${options.kind}: use ${operations.join(", ")}`,
      );
    }
    if (!(weight !== undefined && weight >= 0 && Number.isFinite(weight))) {
      throw new WorkloadError(`workload.mix.${name} is ${weight}: expected a weight of 0 or more`);
    }
  }
  if (operations.every((name) => (mix[name] ?? 0) === 0)) {
    throw new WorkloadError(`workload.mix gives every operation weight 0: nothing would run`);
  }
}

function requireInteger(value: number, minimum: number, where: string): void {
  if (!(Number.isInteger(value) && value >= minimum)) {
    throw new WorkloadError(`${where} is ${value}: expected a whole number of at least ${minimum}`);
  }
}
