import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Entry } from "../../core/types.js";
import { LogCorruptionError, MissingStorageFileError } from "../recovery-errors.js";
import { fullDamageSweep, recordStarts } from "../testing/log-damage.js";
import { FileStorage } from "./file-storage.js";
import { syncedLengthFileName } from "./synced-length-file.js";
import { hashFiles } from "./testing/damage-sweep.js";
import { makeTempDirectory } from "./testing/temp-directory.js";
import { tornTailFilesMax, tornTailNumbers } from "./torn-tail-files.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDirectory(): string {
  const temp = makeTempDirectory("recovery");
  cleanups.push(temp.remove);
  return temp.directory;
}

const entry = (index: number, term: number): Entry => ({
  index,
  term,
  data: new Uint8Array(20).fill(index),
});
const range = (from: number, to: number, term = 1) =>
  Array.from({ length: to - from + 1 }, (_, offset) => entry(from + offset, term));

const sync = (storage: FileStorage) =>
  new Promise<void>((resolve, reject) =>
    storage.sync((error) => (error ? reject(error) : resolve())),
  );

/** 60 entries fsynced in batches of 10, the hard state's commit behind the log (as after a crash). */
async function syncedLog(directory: string): Promise<void> {
  const storage = FileStorage.open(directory);
  storage.saveHardState({ term: 1, vote: "n1", commit: 1 });
  for (let from = 1; from <= 60; from += 10) {
    storage.append(range(from, from + 9));
    await sync(storage);
  }
  await storage.tear(() => 0); // a crash: nothing after the last fsync
  await storage.close();
}

function expectRefusalChangingNothing(directory: string, message: string): Error {
  const before = hashFiles(directory);
  let failure: unknown = null;
  try {
    FileStorage.open(directory);
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toContain(message);
  expect(hashFiles(directory)).toEqual(before);
  return failure as Error;
}

describe("recovering a data directory", () => {
  it("refuses a flipped bit in a mid-log length field, naming the file and offset, and changes no file", async () => {
    const directory = tempDirectory();
    await syncedLog(directory);
    const walPath = path.join(directory, "wal.log");
    const bytes = fs.readFileSync(walPath);
    const offset = recordStarts(new Uint8Array(bytes))[1]!;
    bytes[offset + 2]! ^= 0x01; // the length now points 64 KiB further: past the end of the file
    fs.writeFileSync(walPath, bytes);
    const failure = expectRefusalChangingNothing(
      directory,
      `log of ${walPath} is corrupt at byte offset ${offset}`,
    );
    expect(failure).toBeInstanceOf(LogCorruptionError);
    expect(failure).toMatchObject({ source: walPath, offset });
  });

  it("says the hard-state file is missing when it was deleted", async () => {
    const directory = tempDirectory();
    await syncedLog(directory);
    const hardStatePath = path.join(directory, "hard-state");
    fs.rmSync(hardStatePath);
    const failure = expectRefusalChangingNothing(directory, `${hardStatePath} is missing`);
    expect(failure).toBeInstanceOf(MissingStorageFileError);
    expect(failure.message).toContain("was deleted");
  });

  it("refuses, in one line, a data directory without a record of what an fsync covered", async () => {
    const directory = tempDirectory();
    await syncedLog(directory);
    fs.rmSync(path.join(directory, syncedLengthFileName)); // as an older raftctl left it
    const failure = expectRefusalChangingNothing(directory, "written by an older raftctl");
    expect(failure.message).not.toContain("\n");
  });

  it("keeps the torn tails it cuts beside the log, the latest few", async () => {
    const directory = tempDirectory();
    await syncedLog(directory);
    const walPath = path.join(directory, "wal.log");
    for (let tail = 1; tail <= tornTailFilesMax + 2; tail++) {
      fs.appendFileSync(walPath, Buffer.from([40, 0, 0, 0, tail]));
      const storage = FileStorage.open(directory);
      expect(storage.recovery.tornBytesCut).toBe(5);
      expect(storage.recovery.tornTailPath).toBe(path.join(directory, `wal.torn.${tail}`));
      await storage.close();
    }
    const kept = tornTailNumbers(directory);
    expect(kept).toEqual([3, 4, 5]);
    const latest = fs.readFileSync(path.join(directory, `wal.torn.${kept.at(-1)}`));
    expect([...latest]).toEqual([40, 0, 0, 0, tornTailFilesMax + 2]);
    expect(FileStorage.open(directory).load().entries).toHaveLength(60);
  });

  it("recovers from a torn write of any length without refusal, keeping every synced entry", async () => {
    const tornCrash = async (chooseBytes: (pendingBytes: number) => number) => {
      const directory = tempDirectory();
      const storage = FileStorage.open(directory);
      storage.append(range(1, 5));
      storage.saveHardState({ term: 1, vote: "n1", commit: 2 });
      await sync(storage);
      storage.append(range(4, 9, 2)); // a rewrite: a truncate marker, then new entries
      const pendingBytes = storage.pendingBytes;
      await storage.tear(chooseBytes);
      await storage.close();
      return { directory, pendingBytes };
    };
    const { pendingBytes } = await tornCrash(() => 0);
    const stride = fullDamageSweep ? 1 : 29;
    for (
      let torn = 0;
      torn <= pendingBytes;
      torn = torn === pendingBytes ? torn + 1 : Math.min(torn + stride, pendingBytes)
    ) {
      const { directory } = await tornCrash(() => torn);
      const reopened = FileStorage.open(directory);
      const { entries, hardState } = reopened.load();
      await reopened.close();
      const indexes = entries.map((each) => each.index);
      expect(indexes.slice(0, 3), `torn after ${torn} bytes`).toEqual([1, 2, 3]);
      expect(hardState).toEqual({ term: 1, vote: "n1", commit: 2 });
      if (torn === pendingBytes) expect(entries.at(-1)).toEqual(entry(9, 2));
    }
  });
});
