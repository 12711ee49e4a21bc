/** The node host logic shared by the simulator and the process-mode node. */
export { ClientFrameRejectedError, MessageRejectedError, ReplicaInvariantError } from "./errors.js";
export type { ReplicaEvent, ReplicaEventSink } from "./events.js";
export {
  type ReplicaMutationName,
  replicaMutationNames,
  UnknownMutationError,
  validateMutations,
} from "./mutations.js";
export { Replica, type ReplicaOptions, type ReplicaPorts } from "./replica.js";
