import type { Writable } from "node:stream";

/**
 * Waits until everything written to stdout and stderr has left the process. On a pipe Node.js
 * queues what the reader has not taken yet, and `process.exit` drops that queue: `raftctl export
 * H | cat` then printed 64 KiB of a 380 KB history. A stream that fails or closes (the reader
 * went away: `| head`) counts as flushed.
 */
/**
 * A reader that goes away early (`raftctl export H | head`) makes the next write fail with
 * EPIPE; that is the reader's choice, not a failure of raftctl, so it is not an uncaught error.
 * Any other failure of stdout or stderr is left to crash as before. Call once at start-up.
 */
export function toleratePipeClosedByReader(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

export async function flushStandardStreams(): Promise<void> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
}

function flushed(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("error", done);
    stream.once("close", done);
    // Writes complete in order: this callback runs once everything before it is written.
    stream.write("", () => done());
  });
}
