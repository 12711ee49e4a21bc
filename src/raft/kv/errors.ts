/**
 * Named errors of the key-value state machine. Hosts tell them apart by class: a codec error is
 * bad input (a client or peer sent garbage), an apply-order error is a broken host invariant.
 */

/** Bytes that do not decode as the thing they claim to be. Says what and at which byte offset. */
export class KvCodecError extends Error {
  override readonly name = "KvCodecError";
  constructor(
    readonly what: string,
    readonly offset: number,
    problem: string,
  ) {
    super(`cannot decode ${what} at byte ${offset}: ${problem}`);
  }
}

/** The host applied entries out of order, skipped one, or applied one twice. */
export class KvApplyOrderError extends Error {
  override readonly name = "KvApplyOrderError";
  constructor(
    readonly index: number,
    readonly expectedIndex: number,
  ) {
    super(
      `kv state machine: entry ${index} applied, but the next index to apply is ${expectedIndex}`,
    );
  }
}

/** A snapshot object that does not have the shape `KvStateMachine.snapshot()` produces. */
export class KvSnapshotError extends Error {
  override readonly name = "KvSnapshotError";
  constructor(problem: string) {
    super(`kv snapshot is malformed: ${problem}`);
  }
}
