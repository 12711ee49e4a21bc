import { describe, expect, it } from "vitest";
import type { Entry } from "../../raft/core/types.js";
import { LogStorage } from "../../raft/storage/log-storage.js";
import { RecoveryRefusedError } from "../../raft/storage/recovery-errors.js";
import {
  acceptableStates,
  classifyRecovered,
  DamageTally,
  logDamages,
  sampleDamages,
} from "../../raft/storage/testing/log-damage.js";
import type { SimDisk } from "./disk.js";
import { testDisk } from "./testing/test-disk.js";

const entry = (index: number, term: number, size: number): Entry => ({
  index,
  term,
  data: new Uint8Array(size).fill(index),
});

/**
 * A node's log on a simulated disk as a crash leaves it: synced batches with hard states and a
 * rewritten suffix, then a batch written but not synced. Returns the disk.
 */
function writeBaseLog() {
  const { disk, settle } = testDisk();
  const storage = LogStorage.open(disk, "n1");
  const sync = () => {
    storage.sync(() => {});
    settle();
  };
  storage.append([entry(1, 1, 3), entry(2, 1, 40), entry(3, 1, 0)]);
  storage.saveHardState({ term: 1, vote: "n1", commit: 1 });
  sync();
  storage.append([entry(3, 2, 12), entry(4, 2, 200)]);
  storage.saveHardState({ term: 2, vote: "n2", commit: 3 });
  sync();
  storage.append([entry(5, 2, 1)]);
  storage.saveHardState({ term: 2, vote: "n2", commit: 4 });
  sync();
  storage.append([entry(6, 2, 5)]);
  storage.append([entry(6, 3, 9), entry(7, 3, 33)]);
  return { bytes: disk.read(), syncedBytes: disk.syncedBytes };
}

/** A disk holding `bytes`, of which the first `syncedBytes` were synced. */
function diskHolding(bytes: Uint8Array, syncedBytes: number): SimDisk {
  const { disk, settle } = testDisk();
  disk.append(bytes.subarray(0, syncedBytes));
  disk.sync(() => {});
  settle();
  disk.append(bytes.subarray(syncedBytes));
  return disk;
}

describe("a damaged log on the simulated disk", () => {
  it("recovers identically, cuts only what no sync covered, or refuses with the disk unchanged", () => {
    const base = writeBaseLog();
    expect(base.syncedBytes).toBeLessThan(base.bytes.length);
    const acceptable = acceptableStates(base.bytes, base.syncedBytes);
    const tally = new DamageTally();
    for (const damage of sampleDamages(logDamages(base.bytes), 300)) {
      const damaged = damage.apply(base.bytes) ?? new Uint8Array(0);
      const disk = diskHolding(base.bytes, base.syncedBytes);
      disk.replaceBytes(damaged);
      let storage: LogStorage;
      try {
        storage = LogStorage.open(disk, "n1");
      } catch (error) {
        if (!(error instanceof RecoveryRefusedError)) throw new Error(`${damage.name}: ${error}`);
        expect(Buffer.from(disk.read()).equals(damaged), `${damage.name}: changed`).toBe(true);
        expect(disk.syncedBytes).toBe(base.syncedBytes);
        tally.add("refused-files-unchanged");
        continue;
      }
      const outcome = classifyRecovered(storage.load(), acceptable);
      expect(
        outcome,
        `${damage.name}: lost a record a sync covered, or changed one`,
      ).not.toBeNull();
      if (storage.recovered.tornBytes > 0) expect(disk.keptTornTails).toHaveLength(1);
      tally.add(outcome!);
    }
    console.log(tally.summary("simulated disk"));
    expect(tally.counts["refused-files-unchanged"]).toBeGreaterThan(0);
    expect(tally.counts["cut-after-last-fsync"]).toBeGreaterThan(0);
  });

  it("recovers without refusal from a torn write of every length", () => {
    const base = writeBaseLog();
    const acceptable = acceptableStates(base.bytes, base.syncedBytes);
    for (let length = base.syncedBytes; length <= base.bytes.length; length++) {
      const disk = diskHolding(base.bytes.subarray(0, length), base.syncedBytes);
      const storage = LogStorage.open(disk, "n1");
      expect(classifyRecovered(storage.load(), acceptable), `torn at ${length}`).not.toBeNull();
    }
  });

  it("keeps only the latest torn tails it cut", () => {
    const { disk } = testDisk();
    for (let tail = 1; tail <= 5; tail++) {
      disk.append(new Uint8Array([tail, 0, 0]));
      LogStorage.open(disk, "n1");
    }
    expect(disk.keptTornTails.map((bytes) => bytes[0])).toEqual([3, 4, 5]);
  });
});
