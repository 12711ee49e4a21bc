import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Entry } from "../../core/types.js";
import { FileStorage } from "./file-storage.js";
import { SyncedLengthFile, syncedLengthFileName } from "./synced-length-file.js";
import { damageSweep, dataDirectoryDamages } from "./testing/damage-sweep.js";
import { makeTempDirectory } from "./testing/temp-directory.js";

const temp = makeTempDirectory("damage");
afterAll(() => temp.remove());

const entry = (index: number, term: number, size: number): Entry => ({
  index,
  term,
  data: new Uint8Array(size).fill(index),
});

const sync = (storage: FileStorage) =>
  new Promise<void>((resolve, reject) =>
    storage.sync((error) => (error ? reject(error) : resolve())),
  );

/**
 * A data directory as a crash leaves it: three synced batches (a suffix rewritten in the
 * second), a new term and vote, a commit index behind the log, then two batches written to the
 * OS but never fsynced (one rewriting a suffix again).
 */
async function writeBaseDirectory(directory: string): Promise<void> {
  const storage = FileStorage.open(directory);
  storage.append([entry(1, 1, 3), entry(2, 1, 40), entry(3, 1, 0)]);
  storage.saveHardState({ term: 1, vote: "n1", commit: 1 });
  await sync(storage);
  storage.append([entry(3, 2, 12), entry(4, 2, 200)]);
  storage.saveHardState({ term: 2, vote: "n2", commit: 3 });
  await sync(storage);
  storage.append([entry(5, 2, 1), entry(6, 2, 70)]);
  await sync(storage);
  storage.append([entry(7, 2, 5)]);
  storage.append([entry(7, 3, 9), entry(8, 3, 33)]);
  await storage.tear((pending) => pending); // every unsynced byte reaches the OS, no fsync
  await storage.close();
}

describe("a damaged data directory (real files, real fsync)", () => {
  it("recovers identically, cuts only what no fsync covered, or refuses with every file unchanged", async () => {
    const base = path.join(temp.directory, "base");
    await writeBaseDirectory(base);
    const walBytes = fs.statSync(path.join(base, "wal.log")).size;
    expect(SyncedLengthFile.read(path.join(base, syncedLengthFileName))!.syncedBytes).toBeLessThan(
      walBytes,
    ); // the base has a tail no fsync covered
    const targets = dataDirectoryDamages(base, { wal: 70, hardState: 15, syncedLength: 15 });
    const tally = await damageSweep(base, targets, temp.directory);
    console.log(tally.summary("file storage"));
    expect(tally.counts["refused-files-unchanged"]).toBeGreaterThan(0);
    expect(tally.counts["cut-after-last-fsync"]).toBeGreaterThan(0);
    expect(tally.counts.identical).toBeGreaterThan(0);
  }, 600_000);
});
