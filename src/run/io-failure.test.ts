import { describe, expect, it } from "vitest";
import { NodeProcessError } from "../cluster/process/errors.js";
import { IoFailureError, ioFailureOf, isIoFailureCode } from "./io-failure.js";
import { unexpectedExitError } from "./run-cluster.js";

function systemError(code: string, message: string, path?: string): NodeJS.ErrnoException {
  const error = new Error(message) as NodeJS.ErrnoException;
  error.code = code;
  if (path !== undefined) error.path = path;
  return error;
}

describe("I/O failures", () => {
  it("are a full, read-only or failing disk, and nothing else", () => {
    for (const code of ["ENOSPC", "EDQUOT", "EROFS", "EIO", "EFBIG"]) {
      expect(isIoFailureCode(code)).toBe(true);
    }
    for (const code of ["EACCES", "ENOENT", "EADDRINUSE", undefined, 28]) {
      expect(isIoFailureCode(code)).toBe(false);
    }
  });

  it("become one line naming the path and the cause, exit 74", () => {
    const failure = ioFailureOf(
      systemError("ENOSPC", "ENOSPC: no space left on device, write"),
      "/r/run/events.jsonl",
    );
    expect(failure).toBeInstanceOf(IoFailureError);
    expect(failure?.exitCode).toBe(74);
    expect(failure?.message).toBe(
      "cannot write /r/run/events.jsonl: no space left on the device (ENOSPC)",
    );
    const own = ioFailureOf(systemError("EROFS", "EROFS: read-only", "/r/x.tmp"), "/r");
    expect(own?.message).toBe("cannot write /r/x.tmp: read-only file system (EROFS)");
  });

  it("are found in a wrapper's message when the code was dropped, and not in other errors", () => {
    const wrapped = new Error("cannot write /r/h.jsonl: EDQUOT: disk quota exceeded, write");
    expect(ioFailureOf(wrapped, "/r/h.jsonl")?.code).toBe("EDQUOT");
    expect(ioFailureOf(systemError("EACCES", "EACCES: permission denied"), "/r")).toBeNull();
    expect(ioFailureOf(new Error("checksum mismatch at offset 12"), "/r")).toBeNull();
    expect(ioFailureOf("ENOSPC", "/r")).toBeNull();
  });

  it("of a node that died starting name the node, the path and the cause", () => {
    const error = new NodeProcessError("n1", "node n1 (pid 7) exited before it was listening");
    error.code = "EROFS";
    error.path = "/r/nodes/n1/data/wal.log";
    expect(ioFailureOf(error, "/r")?.message).toBe(
      "node n1: cannot write /r/nodes/n1/data/wal.log: read-only file system (EROFS)",
    );
  });

  it("of a node are the environment failing (74); any other death is the node's own failure", () => {
    const base = {
      node: "n2",
      pid: 1,
      atMs: 10,
      code: 70,
      signal: null,
      logTail: "",
      listening: true,
    };
    const full = unexpectedExitError({
      ...base,
      fatal: { name: "Error", message: "sync failed", code: "ENOSPC", path: "/r/nodes/n2/data" },
    });
    expect(full).toBeInstanceOf(IoFailureError);
    expect(full.message).toBe(
      "node n2: cannot write /r/nodes/n2/data: no space left on the device (ENOSPC)",
    );
    const refused = unexpectedExitError({
      ...base,
      fatal: { name: "Error", message: "listen", code: "EADDRINUSE" },
    });
    expect(refused).not.toBeInstanceOf(IoFailureError);
    expect(unexpectedExitError({ ...base, fatal: null })).not.toBeInstanceOf(IoFailureError);
  });
});
