import fs from "node:fs";
import path from "node:path";
import { writeFileSyncedNow } from "./write-synced.js";

/** How many cut torn tails a data directory keeps: the latest ones. */
export const tornTailFilesMax = 3;

const tornTailPattern = /^wal\.torn\.(\d+)$/;

/**
 * Saves bytes cut off the WAL as a torn tail beside it, as `wal.torn.<n>` (n counting up), made
 * durable before the WAL is cut; keeps the latest `tornTailFilesMax` and deletes older ones.
 * Nobody was promised these bytes, but whoever wonders what a crash lost can still look.
 * Returns the file written.
 */
export function keepTornTail(directory: string, bytes: Uint8Array): string {
  const numbers = tornTailNumbers(directory);
  const next = (numbers.at(-1) ?? 0) + 1;
  const filePath = path.join(directory, `wal.torn.${next}`);
  writeFileSyncedNow(filePath, bytes, "wx");
  for (const number of numbers.slice(0, Math.max(0, numbers.length + 1 - tornTailFilesMax))) {
    fs.rmSync(path.join(directory, `wal.torn.${number}`), { force: true });
  }
  return filePath;
}

/** The numbers of the torn-tail files in `directory`, ascending. */
export function tornTailNumbers(directory: string): number[] {
  return fs
    .readdirSync(directory)
    .map((name) => tornTailPattern.exec(name)?.[1])
    .filter((number): number is string => number !== undefined)
    .map(Number)
    .sort((left, right) => left - right);
}
