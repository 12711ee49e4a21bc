import fs from "node:fs";

/**
 * The last `linesMax` lines of a node's log (from at most its last `bytesMax` bytes): what a
 * failure report shows of a node that died on its own. Empty when the log cannot be read.
 */
export function readLogTail(path: string, options: { linesMax?: number; bytesMax?: number } = {}) {
  const linesMax = options.linesMax ?? 20;
  const bytesMax = options.bytesMax ?? 16 * 1024;
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch {
    return "";
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, bytesMax);
    const bytes = Buffer.alloc(length);
    fs.readSync(fd, bytes, 0, length, size - length);
    const lines = bytes.toString("utf8").split("\n");
    if (length < size) lines.shift(); // the first line is probably cut
    while (lines.length > 0 && lines.at(-1) === "") lines.pop();
    return lines.slice(-linesMax).join("\n");
  } finally {
    fs.closeSync(fd);
  }
}
