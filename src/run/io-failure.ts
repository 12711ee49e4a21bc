/**
 * I/O failures outside raftctl's control (DESIGN.md, "Reports and exit codes": exit 74): the disk
 * is full, over quota, read-only, failing, or a file outgrew what the file system allows. Met
 * mid-run by raftctl's own files (history, events, report) or by a node (its write-ahead log, its
 * data directory), they end the run with one line naming the path and the cause.
 *
 * A corrupt file (a bad checksum) is not one of these: it is the data's fault, not the disk's.
 * An unwritable report folder at the start of a run is the user's to fix (exit 64, see
 * src/report/errors.ts), though its cause may be one of these codes too.
 */

/** System error codes that mean "the environment failed", each with the words for it. */
const ioFailureCauses: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EIO: "input/output error",
  EFBIG: "file too large",
};

/** True for the codes of an environment I/O failure (ENOSPC, EDQUOT, EROFS, EIO, EFBIG). */
export function isIoFailureCode(code: unknown): code is string {
  return typeof code === "string" && Object.hasOwn(ioFailureCauses, code);
}

/** A run that could not go on because the disk failed under it: exit 74. */
export class IoFailureError extends Error {
  readonly exitCode = 74;
  override name = "IoFailureError";
  constructor(
    /** The file or folder the failure was met at. */
    readonly path: string,
    /** The system error code: ENOSPC, EROFS, ... */
    readonly code: string,
    /** Who met it, when not raftctl itself: "node n2". */
    readonly who: string | null = null,
  ) {
    super(
      `${who === null ? "" : `${who}: `}cannot write ${path}: ${ioFailureCauses[code] ?? code} (${code})`,
    );
  }
}

/**
 * The I/O failure an error is, or null: a system error with one of the codes (its own `path`
 * when it has one, else `path`), an IoFailureError as it is, or an error whose message starts
 * with such a code (Node.js's wording, "ENOSPC: no space left on device, write", kept by wrappers
 * that dropped the code).
 */
export function ioFailureOf(error: unknown, path: string): IoFailureError | null {
  if (error instanceof IoFailureError) return error;
  if (!(error instanceof Error)) return null;
  const system = error as NodeJS.ErrnoException;
  const code = isIoFailureCode(system.code) ? system.code : codeInMessage(error.message);
  if (code === null) return null;
  // A node's error (NodeProcessError) names the node: the line then says who met it.
  const node = (error as { node?: unknown }).node;
  return new IoFailureError(
    typeof system.path === "string" ? system.path : path,
    code,
    typeof node === "string" ? `node ${node}` : null,
  );
}

function codeInMessage(message: string): string | null {
  const match = /\b(E[A-Z]+): /.exec(message);
  return match !== null && isIoFailureCode(match[1]) ? match[1] : null;
}
