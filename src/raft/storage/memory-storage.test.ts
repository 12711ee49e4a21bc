import { describe, expect, it } from "vitest";
import type { Entry } from "../core/types.js";
import { MemoryStorage } from "./memory-storage.js";

const entry = (index: number, term: number): Entry => ({
  index,
  term,
  data: new Uint8Array([index, term]),
});

describe("MemoryStorage", () => {
  it("starts empty with term 0, no vote and commit 0", () => {
    expect(new MemoryStorage().load()).toEqual({
      hardState: { term: 0, vote: null, commit: 0 },
      entries: [],
    });
  });
  it("replaces every entry from the first appended index on", () => {
    const storage = new MemoryStorage();
    storage.append([entry(1, 1), entry(2, 1), entry(3, 1)]);
    storage.append([entry(2, 2)]);
    expect(storage.load().entries).toEqual([entry(1, 1), entry(2, 2)]);
  });
  it("refuses entries that would leave a hole in the log", () => {
    const storage = new MemoryStorage();
    storage.append([entry(1, 1)]);
    expect(() => storage.append([entry(3, 1)])).toThrow(/index 3 to a log ending at 1/);
  });
  it("refuses entries that are not contiguous", () => {
    expect(() => new MemoryStorage().append([entry(1, 1), entry(3, 1)])).toThrow(/not contiguous/);
  });
  it("keeps the last saved hard state", () => {
    const storage = new MemoryStorage();
    storage.saveHardState({ term: 2, vote: "n1", commit: 0 });
    storage.saveHardState({ term: 3, vote: null, commit: 1 });
    expect(storage.load().hardState).toEqual({ term: 3, vote: null, commit: 1 });
  });
  it("completes a sync asynchronously, never inside the call", async () => {
    const storage = new MemoryStorage();
    let completed = false;
    const done = new Promise<void>((resolve) =>
      storage.sync((error) => {
        expect(error).toBeNull();
        completed = true;
        resolve();
      }),
    );
    expect(completed).toBe(false);
    await done;
    expect(completed).toBe(true);
  });
});
