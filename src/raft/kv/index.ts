export {
  decodeCommand,
  encodeCommand,
  type KvCommand,
  type KvWriteRequest,
} from "./command.js";
export { KvApplyOrderError, KvCodecError, KvSnapshotError } from "./errors.js";
export {
  type ClientRequestFrame,
  type ClientResponseFrame,
  decodeClientRequest,
  decodeClientResponse,
  encodeClientRequest,
  encodeClientResponse,
} from "./protocol.js";
export type { ClientOutcome, KvRequest } from "./requests.js";
export { SESSIONS_MAX_DEFAULT } from "./sessions.js";
export type { KvSnapshot } from "./snapshot.js";
export {
  type KvApplyResult,
  KvStateMachine,
  type KvStateMachineOptions,
} from "./state-machine.js";
