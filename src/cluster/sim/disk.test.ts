import { describe, expect, it } from "vitest";
import { Rng } from "../../raft/random/rng.js";
import { SimDisk } from "./disk.js";
import { Scheduler } from "./scheduler.js";
import { testDisk } from "./testing/test-disk.js";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("SimDisk", () => {
  it("reads back everything written, synced or not", () => {
    const { disk } = testDisk();
    disk.append(bytes(1, 2));
    disk.append(bytes(3));
    expect([...disk.read()]).toEqual([1, 2, 3]);
    expect(disk.syncedBytes).toBe(0);
  });
  it("reads back writes that span its storage chunks, and appends after a cut into one", () => {
    const { disk } = testDisk();
    const written: number[] = [];
    // Writes of 1 to 9,999 bytes up to about 200 KB: several 64 KiB chunks, crossed mid-write.
    for (let size = 1; written.length < 200_000; size = (size * 7919) % 9_999 || 1) {
      const chunk = Array.from(
        { length: size },
        (_, position) => (written.length + position) % 251,
      );
      disk.append(new Uint8Array(chunk));
      written.push(...chunk);
    }
    expect(disk.writtenBytes).toBe(written.length);
    expect(Buffer.from(disk.read()).equals(Buffer.from(written))).toBe(true);
    disk.truncate(70_000);
    disk.append(bytes(7, 8, 9));
    const expected = [...written.slice(0, 70_000), 7, 8, 9];
    expect(Buffer.from(disk.read()).equals(Buffer.from(expected))).toBe(true);
  });
  it("completes a sync after its latency and makes earlier writes durable", () => {
    const { disk, scheduler, settle } = testDisk();
    disk.append(bytes(1, 2));
    let completedAtNs = -1;
    disk.sync(() => {
      completedAtNs = scheduler.nowNs;
    });
    disk.append(bytes(3));
    expect(completedAtNs).toBe(-1);
    settle();
    expect(completedAtNs).toBeGreaterThanOrEqual(1e6);
    expect(completedAtNs).toBeLessThanOrEqual(2e6);
    expect(disk.syncedBytes).toBe(2);
  });
  it("keeps unsynced bytes through a plain crash", () => {
    const { disk } = testDisk();
    disk.append(bytes(1, 2, 3));
    disk.crash({ loseUnsynced: false, tornWrite: false });
    expect([...disk.read()]).toEqual([1, 2, 3]);
  });
  it("loses exactly the unsynced bytes in a loseUnsynced crash", () => {
    const { disk, settle } = testDisk();
    disk.append(bytes(1, 2));
    disk.sync(() => {});
    settle();
    disk.append(bytes(3, 4));
    disk.crash({ loseUnsynced: true, tornWrite: false });
    expect([...disk.read()]).toEqual([1, 2]);
    expect(disk.stats.bytesLost).toBe(2);
  });
  it("treats a sync still in flight at a loseUnsynced crash as never done, and never calls it", () => {
    const { disk, settle } = testDisk();
    disk.append(bytes(1, 2));
    let called = false;
    disk.sync(() => {
      called = true;
    });
    disk.crash({ loseUnsynced: true, tornWrite: false });
    settle();
    expect(called).toBe(false);
    expect(disk.read().length).toBe(0);
  });
  it("keeps a seed-chosen prefix of the unsynced bytes in a torn write, and every length occurs", () => {
    const lengths = new Set<number>();
    for (let seed = 0; seed < 60; seed++) {
      const { disk, settle } = testDisk(seed);
      disk.append(bytes(9));
      disk.sync(() => {});
      settle();
      disk.append(bytes(1, 2, 3, 4));
      disk.crash({ loseUnsynced: true, tornWrite: true });
      const kept = [...disk.read()];
      expect(kept).toEqual([9, 1, 2, 3, 4].slice(0, kept.length));
      lengths.add(kept.length);
    }
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5]);
  });
  it("erases everything on wipe", () => {
    const { disk } = testDisk();
    disk.append(bytes(1));
    disk.wipe();
    expect(disk.read().length).toBe(0);
    expect(disk.writtenBytes).toBe(0);
  });
  it("holds a completion back while the node's process cannot run it", () => {
    const scheduler = new Scheduler();
    const held: (() => void)[] = [];
    const disk = new SimDisk({
      scheduler,
      rng: Rng.fromSeed(1),
      syncLatency: { minMs: 1, maxMs: 1 },
      deliverCompletion: (done) => held.push(() => done(null)),
    });
    disk.append(bytes(1));
    let called = false;
    disk.sync(() => {
      called = true;
    });
    while (scheduler.runInstant() > 0);
    expect(disk.syncedBytes).toBe(1);
    expect(called).toBe(false);
    for (const completion of held) completion();
    expect(called).toBe(true);
  });
});
