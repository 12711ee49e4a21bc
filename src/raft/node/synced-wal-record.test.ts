import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Entry } from "../core/types.js";
import { FileStorage } from "../storage/file/file-storage.js";
import { cutUnsyncedWal, SyncedWalRecorder } from "./synced-wal-record.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    fs.rmSync(directory, { recursive: true, force: true });
});

const entries = (from: number, to: number): Entry[] =>
  Array.from({ length: to - from + 1 }, (_, offset) => ({
    index: from + offset,
    term: 1,
    data: new Uint8Array(50).fill(from + offset),
  }));

const sync = (storage: SyncedWalRecorder) =>
  new Promise<void>((resolve, reject) =>
    storage.sync((error) => (error ? reject(error) : resolve())),
  );

describe("the durable WAL length record", () => {
  it("lets a crash that loses unsynced writes cut what was written to the OS but never fsynced", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-"));
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-crashed-"));
    directories.push(directory, crashed);
    const files = FileStorage.open(directory);
    const storage = new SyncedWalRecorder(files);
    storage.append(entries(1, 3));
    storage.saveHardState({ term: 1, vote: "n1", commit: 0 });
    await sync(storage);
    storage.append(entries(4, 6));
    await files.flushToOs(); // in the file now, as during an fsync that has not finished
    fs.cpSync(directory, crashed, { recursive: true }); // what a SIGKILL now would leave
    await files.close();
    const grownBytes = fs.statSync(path.join(crashed, "wal.log")).size;

    const { cutBytes, keptBytes } = cutUnsyncedWal(crashed);
    expect(cutBytes).toBeGreaterThan(0);
    expect(keptBytes + cutBytes).toBe(grownBytes);
    const reopened = FileStorage.open(crashed);
    expect(reopened.load().entries.map((entry) => entry.index)).toEqual([1, 2, 3]);
    await reopened.close();
  });

  it("counts as unsynced, and cuts, what a slow disk's sync has written and fsynced but not yet completed", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-"));
    const crashed = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-crashed-"));
    directories.push(directory, crashed);
    const latencyMs = 150;
    const files = FileStorage.open(directory, { syncLatency: () => latencyMs });
    const storage = new SyncedWalRecorder(files);
    storage.append(entries(1, 3));
    await sync(storage);
    storage.append(entries(4, 6));
    const slowSync = sync(storage);
    await new Promise((resolve) => setTimeout(resolve, latencyMs / 3));
    // What a SIGKILL now would leave: the WAL (entries 4-6 written and fsynced) and the record.
    fs.cpSync(directory, crashed, { recursive: true });
    await slowSync;
    await files.close();

    expect(cutUnsyncedWal(crashed).cutBytes).toBeGreaterThan(0);
    const afterCrash = FileStorage.open(crashed);
    expect(afterCrash.load().entries.map((entry) => entry.index)).toEqual([1, 2, 3]);
    await afterCrash.close();
    const afterSync = FileStorage.open(directory); // the sync completed: all six are durable
    expect(afterSync.load().entries.map((entry) => entry.index)).toEqual([1, 2, 3, 4, 5, 6]);
    await afterSync.close();
  });

  it("cuts nothing when everything written was synced, or nothing was ever recorded", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-"));
    directories.push(directory);
    expect(cutUnsyncedWal(directory)).toEqual({ cutBytes: 0, keptBytes: 0 });
    const files = FileStorage.open(directory);
    const storage = new SyncedWalRecorder(files);
    storage.append(entries(1, 2));
    await sync(storage);
    await files.close();
    expect(cutUnsyncedWal(directory).cutBytes).toBe(0);
  });

  it("knows the hard state FileStorage made durable: a newer commit alone waits for a term or vote change", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "raftctl-synced-wal-"));
    directories.push(directory);
    const files = FileStorage.open(directory);
    const storage = new SyncedWalRecorder(files);
    const afterCrash = () => {
      const reopened = FileStorage.open(directory); // as a restart after a kill would
      const { hardState } = reopened.load();
      void reopened.close();
      return hardState;
    };
    storage.append(entries(1, 5));
    storage.saveHardState({ term: 1, vote: "n1", commit: 0 });
    await sync(storage);
    storage.append(entries(6, 6));
    storage.saveHardState({ term: 1, vote: "n1", commit: 5 });
    await sync(storage);
    expect(storage.durableHardState).toEqual({ term: 1, vote: "n1", commit: 0 });
    expect(afterCrash()).toEqual(storage.durableHardState);
    storage.saveHardState({ term: 2, vote: null, commit: 6 });
    await sync(storage);
    expect(storage.durableHardState).toEqual({ term: 2, vote: null, commit: 6 });
    expect(afterCrash()).toEqual(storage.durableHardState);
    await files.close();
  });
});
