/** Operation generators and the recording clients: the load a run drives at the cluster. */
export { WorkloadError } from "./errors.js";
export type { FinalReadsOptions, FinalReadsReport } from "./final-reads.js";
export { type Completion, OperationGenerator } from "./generator.js";
export { KeyPool, type KeyState } from "./key-pool.js";
export { LeaderTracker } from "./leader-tracker.js";
export { type PlannedOperation, planOperation } from "./operation.js";
export {
  defaultMix,
  modelForWorkload,
  operationsOf,
  validateWorkloadOptions,
  type WorkloadKind,
  type WorkloadOptions,
} from "./options.js";
export type { Random } from "./random.js";
export { RecordingClient, type RecordingClientOptions } from "./recording-client.js";
export { kvToken, registerHistoryValue, registerWireValue } from "./values.js";
export { Workload, type WorkloadCounters, type WorkloadDependencies } from "./workload.js";
