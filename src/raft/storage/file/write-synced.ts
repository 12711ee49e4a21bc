import fs from "node:fs";

/**
 * Writes `bytes` as the whole content of a file and fsyncs it before returning, synchronously
 * (for files written once, outside the node's event loop: a new data directory, a temp file
 * about to be renamed into place, a cut tail kept beside the log). `wx` refuses an existing file.
 */
export function writeFileSyncedNow(filePath: string, bytes: Uint8Array, flags: "w" | "wx"): void {
  const fd = fs.openSync(filePath, flags, 0o644);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
