import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Entry } from "../../core/types.js";
import { LogCorruptionError } from "../log-recovery.js";
import { FileStoppedError } from "./buffered-file.js";
import { FileStorage } from "./file-storage.js";
import { HardStateFile, type HardStateWriteStep } from "./hard-state-file.js";
import { makeTempDirectory } from "./testing/temp-directory.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDirectory(): string {
  const temp = makeTempDirectory("storage");
  cleanups.push(temp.remove);
  return temp.directory;
}

const entry = (index: number, term: number): Entry => ({
  index,
  term,
  data: new Uint8Array(Buffer.from(`command ${index}`)),
});

const sync = (storage: FileStorage) =>
  new Promise<void>((resolve, reject) =>
    storage.sync((error) => (error ? reject(error) : resolve())),
  );

function open(directory: string): FileStorage {
  const storage = FileStorage.open(directory);
  cleanups.push(() => storage.close());
  return storage;
}

describe("FileStorage", () => {
  it("restarts with the entries and hard state it made durable, rewrites included", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.append([entry(1, 1), entry(2, 1), entry(3, 1)]);
    storage.saveHardState({ term: 1, vote: "n2", commit: 1 });
    await sync(storage);
    storage.append([entry(3, 2), entry(4, 2)]);
    storage.saveHardState({ term: 2, vote: null, commit: 4 });
    await storage.close();
    expect(FileStorage.open(directory).load()).toEqual({
      hardState: { term: 2, vote: null, commit: 4 },
      entries: [entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2)],
    });
  });

  it("cuts a torn last record off the WAL and continues after the valid ones", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.append([entry(1, 1), entry(2, 1)]);
    await sync(storage);
    await storage.close();
    const walPath = path.join(directory, "wal.log");
    const validBytes = fs.statSync(walPath).size;
    fs.appendFileSync(walPath, Buffer.from([40, 0, 0, 0, 1, 2, 3])); // a header, half a body
    const reopened = open(directory);
    expect(reopened.recovery.tornBytesCut).toBe(7);
    expect(fs.statSync(walPath).size).toBe(validBytes);
    reopened.append([entry(3, 1)]);
    await reopened.close();
    expect(FileStorage.open(directory).load().entries).toEqual([
      entry(1, 1),
      entry(2, 1),
      entry(3, 1),
    ]);
  });

  it("refuses to open a WAL damaged before its tail, naming the file and offset", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.append([entry(1, 1), entry(2, 1)]);
    await storage.close();
    const walPath = path.join(directory, "wal.log");
    const bytes = fs.readFileSync(walPath);
    bytes[12]! ^= 0xff; // inside the first record's body
    fs.writeFileSync(walPath, bytes);
    expect(() => FileStorage.open(directory)).toThrow(LogCorruptionError);
    expect(() => FileStorage.open(directory)).toThrow(
      `log of ${walPath} is corrupt at byte offset 0`,
    );
  });

  it("refuses a damaged hard-state file, naming it", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.saveHardState({ term: 3, vote: "n1", commit: 0 });
    await storage.close();
    fs.appendFileSync(path.join(directory, "hard-state"), "x");
    expect(() => FileStorage.open(directory)).toThrow(path.join(directory, "hard-state"));
  });

  it("fsyncs the hard state for a new term or vote, but leaves a commit-only change for later", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.append([entry(1, 1), entry(2, 1)]);
    storage.saveHardState({ term: 1, vote: "n1", commit: 0 });
    await sync(storage);
    storage.saveHardState({ term: 1, vote: "n1", commit: 2 });
    await sync(storage);
    const onDisk = () => new HardStateFile(directory).load();
    expect(onDisk()).toEqual({ term: 1, vote: "n1", commit: 0 });
    await storage.flushToOs();
    expect(onDisk()).toEqual({ term: 1, vote: "n1", commit: 2 });
  });

  it("keeps unsynced entries only once they were handed to the OS", async () => {
    const directory = tempDirectory();
    const storage = open(directory);
    storage.append([entry(1, 1)]);
    await sync(storage);
    storage.append([entry(2, 1)]);
    await storage.flushToOs();
    storage.append([entry(3, 1)]);
    await storage.tear(() => 0); // the process dies here: entry 3 was only in its memory
    const afterTear = await new Promise((resolve) => storage.sync(resolve));
    expect(afterTear).toBeInstanceOf(FileStoppedError);
    expect(FileStorage.open(directory).load().entries).toEqual([entry(1, 1), entry(2, 1)]);
  });

  it("refuses a commit index beyond the end of the log", async () => {
    const directory = tempDirectory();
    await open(directory).close();
    await new HardStateFile(directory).save({ term: 1, vote: null, commit: 3 });
    expect(() => FileStorage.open(directory)).toThrow(/says commit 3 but .* ends at index 0/);
  });
});

describe("HardStateFile", () => {
  const steps: HardStateWriteStep[] = [
    "temp-written",
    "temp-synced",
    "renamed",
    "directory-synced",
  ];
  const before = { term: 4, vote: "n1", commit: 7 };
  const after = { term: 5, vote: "n3", commit: 7 };

  it.each(steps)(
    "holds the old or the new state, never a mix, after a crash at %s",
    async (step) => {
      const directory = tempDirectory();
      await new HardStateFile(directory).save(before);
      const crashing = new HardStateFile(directory, {
        afterStep: (reached) => {
          if (reached === step) throw new Error(`crash after ${reached}`);
        },
      });
      await expect(crashing.save(after)).rejects.toThrow(`crash after ${step}`);
      const renamed = step === "renamed" || step === "directory-synced";
      expect(new HardStateFile(directory).load()).toEqual(renamed ? after : before);
      expect(fs.existsSync(path.join(directory, "hard-state.tmp"))).toBe(false);
    },
  );

  it("reads as empty before anything was saved", () => {
    expect(new HardStateFile(tempDirectory()).load()).toEqual({ term: 0, vote: null, commit: 0 });
  });
});
