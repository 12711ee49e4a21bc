import { describe, expect, it } from "vitest";
import type { Entry } from "../core/types.js";
import { LogCorruptionError } from "./log-recovery.js";
import { LogStorage } from "./log-storage.js";
import { MemoryLogFile } from "./testing/memory-log-file.js";

const entry = (index: number, term: number): Entry => ({
  index,
  term,
  data: new Uint8Array([index, term]),
});

describe("LogStorage", () => {
  it("restarts from its file with the same entries and hard state it wrote", () => {
    const file = new MemoryLogFile();
    const storage = LogStorage.open(file, "n1");
    storage.append([entry(1, 1), entry(2, 1), entry(3, 1)]);
    storage.saveHardState({ term: 1, vote: "n2", commit: 2 });
    storage.sync(() => {});
    storage.append([entry(3, 2), entry(4, 2)]);
    storage.saveHardState({ term: 2, vote: null, commit: 4 });
    storage.sync(() => {});
    expect(LogStorage.open(file, "n1").load()).toEqual({
      hardState: { term: 2, vote: null, commit: 4 },
      entries: [entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2)],
    });
  });
  it("writes the newest hard state with the next sync, and a commit-only change no sooner", () => {
    const file = new MemoryLogFile();
    const storage = LogStorage.open(file, "n1");
    storage.append([entry(1, 1), entry(2, 1)]);
    storage.saveHardState({ term: 1, vote: "n1", commit: 0 });
    storage.sync(() => {});
    const afterFirstSync = file.bytes.length;
    storage.saveHardState({ term: 1, vote: "n1", commit: 1 });
    storage.saveHardState({ term: 1, vote: "n1", commit: 2 });
    expect(file.bytes.length).toBe(afterFirstSync);
    expect(LogStorage.open(file, "n1").load().hardState).toEqual({
      term: 1,
      vote: "n1",
      commit: 0,
    });
    storage.sync(() => {});
    expect(LogStorage.open(file, "n1").load().hardState).toEqual({
      term: 1,
      vote: "n1",
      commit: 2,
    });
    const afterSecondSync = file.bytes.length;
    storage.saveHardState({ term: 1, vote: "n1", commit: 2 });
    storage.sync(() => {});
    expect(file.bytes.length).toBe(afterSecondSync);
  });

  it("cuts a torn tail off the file so later records follow valid ones", () => {
    const file = new MemoryLogFile();
    const storage = LogStorage.open(file, "n1");
    storage.append([entry(1, 1)]);
    const validBytes = file.bytes.length;
    storage.append([entry(2, 1)]);
    file.bytes = file.bytes.slice(0, file.bytes.length - 3);
    const reopened = LogStorage.open(file, "n1");
    expect(reopened.recovered.tornBytes).toBeGreaterThan(0);
    expect(file.bytes.length).toBe(validBytes);
    reopened.append([entry(2, 3)]);
    expect(LogStorage.open(file, "n1").load().entries).toEqual([entry(1, 1), entry(2, 3)]);
  });
  it("refuses to open a file damaged before its tail", () => {
    const file = new MemoryLogFile();
    const storage = LogStorage.open(file, "n4");
    storage.append([entry(1, 1)]);
    storage.append([entry(2, 1)]);
    file.syncedBytes = file.bytes.length; // as a sync leaves it
    file.bytes[9]! ^= 0x80;
    expect(() => LogStorage.open(file, "n4")).toThrow(LogCorruptionError);
  });
  it("refuses an append that would leave a hole", () => {
    const storage = LogStorage.open(new MemoryLogFile(), "n1");
    expect(() => storage.append([entry(2, 1)])).toThrow(/log of n1: cannot append/);
  });
  it("reports a sync only once the file made the bytes durable", async () => {
    const file = new MemoryLogFile();
    const storage = LogStorage.open(file, "n1");
    storage.append([entry(1, 1)]);
    expect(file.syncedBytes).toBe(0);
    await new Promise<void>((resolve) => storage.sync(() => resolve()));
    expect(file.syncedBytes).toBe(file.bytes.length);
  });
});
