/**
 * Why a node refuses to start from its stored state. A refusal changes no file: the data stays
 * as it was found, for whoever inspects or restores it. These are not I/O errors (no system error
 * `code`): the bytes were read fine, they only say something a crash cannot explain.
 */
export class RecoveryRefusedError extends Error {
  override name = "RecoveryRefusedError";
  constructor(
    /** The file (process mode) or node (simulator) whose stored state is refused. */
    readonly source: string,
    /** The byte offset of the damage in `source`, or null when the whole file is missing. */
    readonly offset: number | null,
    message: string,
  ) {
    super(message);
  }
}

const advice =
  "nothing was changed; keep the data directory for inspection, restore it, or replace the node";

/** Damage that a crash cannot cause: never repaired silently. */
export class LogCorruptionError extends RecoveryRefusedError {
  override name = "LogCorruptionError";
  constructor(source: string, offset: number, detail: string) {
    super(
      source,
      offset,
      `log of ${source} is corrupt at byte offset ${offset}: ${detail}; ${advice}`,
    );
  }
}

/** A file of the data directory that must exist is gone. */
export class MissingStorageFileError extends RecoveryRefusedError {
  override name = "MissingStorageFileError";
  constructor(source: string, detail: string) {
    super(source, null, `${source} is missing: ${detail}; ${advice}`);
  }
}
