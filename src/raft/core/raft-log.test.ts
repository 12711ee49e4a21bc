import { describe, expect, it } from "vitest";
import { RaftInvariantError } from "./errors.js";
import { RaftLog } from "./raft-log.js";
import { entry, logWithTerms } from "./testing/node-fixtures.js";
import type { Entry } from "./types.js";

function logOf(terms: number[], options: { committed?: number; term?: number } = {}): RaftLog {
  const context = { id: "n1", term: options.term ?? Math.max(0, ...terms) };
  return new RaftLog(context, {
    entries: logWithTerms(...terms),
    committed: options.committed ?? 0,
  });
}

describe("RaftLog", () => {
  it("reports term 0 at index 0 and null beyond the last index", () => {
    const log = logOf([1, 2]);
    expect([log.termAt(0), log.termAt(1), log.termAt(2), log.termAt(3)]).toEqual([0, 1, 2, null]);
  });

  it("finds the first new entry, skipping those held with the same term", () => {
    const log = logOf([1, 1, 2]);
    expect(log.findFirstNew([entry(2, 1), entry(3, 2)])).toEqual({ position: 2, conflicts: false });
    expect(log.findFirstNew([entry(2, 1), entry(3, 3)])).toEqual({ position: 1, conflicts: true });
    expect(log.findFirstNew([entry(3, 2), entry(4, 2)])).toEqual({ position: 1, conflicts: false });
  });

  it("refuses to truncate a committed entry", () => {
    const log = logOf([1, 1, 2], { committed: 2 });
    expect(() => log.truncateFrom(2)).toThrow(RaftInvariantError);
    expect(() => log.truncateFrom(2)).toThrow(
      /node n1 \(term 2, index 2\): committed entry would be truncated/,
    );
    log.truncateFrom(3);
    expect(log.lastIndex()).toBe(2);
  });

  it("refuses appends that break index order or term order", () => {
    const log = logOf([1, 2], { term: 3 });
    expect(() => log.append([entry(4, 3)])).toThrow(/index 4, expected 3/);
    expect(() => log.append([entry(3, 1)])).toThrow(/terms must not decrease/);
    expect(() => log.append([entry(3, 4)])).toThrow(/above the current term/);
  });

  it("never lowers the commit index and never commits beyond the log", () => {
    const log = logOf([1, 1]);
    expect(log.commitTo(2)).toBe(true);
    expect(log.commitTo(1)).toBe(false);
    expect(log.committed).toBe(2);
    expect(() => log.commitTo(3)).toThrow(/commit beyond the last index 2/);
  });

  it("never applies beyond the commit index or backwards", () => {
    const log = logOf([1, 1], { committed: 1 });
    expect(() => log.appliedTo(2)).toThrow(/applied beyond the commit index 1/);
    log.appliedTo(1);
    expect(() => log.appliedTo(0)).toThrow(/applied index would go back/);
  });

  it("hands out unstable entries again from a conflict below them", () => {
    const log = logOf([1]);
    log.append([entry(2, 1), entry(3, 1)]);
    expect(log.unstableEntries().map((each) => each.index)).toEqual([2, 3]);
    log.stableTo(3, 1);
    expect(log.hasUnstableEntries()).toBe(false);
    log.truncateFrom(3);
    log.append([entry(3, 1)]);
    expect(log.unstableEntries().map((each) => each.index)).toEqual([3]);
  });

  it("limits a batch by size but always returns at least one entry", () => {
    const log = logOf([1, 1, 1]);
    expect(log.entriesFrom(1, 1)).toHaveLength(1);
    expect(log.entriesFrom(1, 1000)).toHaveLength(3);
    expect(log.entriesFrom(4, 1000)).toHaveLength(0);
  });

  it("answers the fast-backup questions: first index of a term's run, last index of a term", () => {
    const log = logOf([1, 1, 4, 4, 4, 5], { committed: 0 });
    expect(log.firstIndexOfTermAt(5)).toBe(3);
    expect(log.firstIndexOfTermAt(2)).toBe(1);
    expect(log.lastIndexOfTerm(4, 6)).toBe(5);
    expect(log.lastIndexOfTerm(4, 4)).toBe(4);
    expect(log.lastIndexOfTerm(3, 6)).toBeNull();
    expect(log.lastIndexOfTerm(1, 6)).toBe(2);
  });

  it("packs applied, persisted entries and still answers every question about them exactly", () => {
    const context = { id: "n1", term: 9 };
    const log = new RaftLog(context, { entries: [], committed: 0 });
    const all: Entry[] = [];
    // 3,000 entries over rising terms, payloads of every length up to 200 bytes.
    for (let index = 1; index <= 3000; index++) {
      const term = 1 + Math.floor(index / 400);
      const data = new Uint8Array(index % 201).map((_, position) => (index + position) % 256);
      all.push({ index, term, data });
    }
    for (let index = 1; index <= 3000; index += 50) {
      log.append(all.slice(index - 1, index + 49));
      // Persisted and applied in steps, as Readies are advanced, the last batch left unapplied.
      log.stableTo(index + 49, all[index + 48]!.term);
      const committed = Math.min(index + 49, 2950);
      log.commitTo(committed);
      log.appliedTo(committed);
    }
    expect(log.lastIndex()).toBe(3000);
    for (const original of all) {
      expect(log.termAt(original.index)).toBe(original.term);
      expect(log.entryAt(original.index)).toEqual(original);
    }
    expect(log.termAt(3001)).toBeNull();
    // Settled entries come back as fresh objects (they were packed); the newest as they went in.
    expect(log.entryAt(5)).not.toBe(all[4]);
    expect(log.entryAt(3000)).toBe(all[2999]);
    expect(log.entriesBetween(1, 3000)).toEqual(all);
    expect(log.entriesBetween(2900, 2960)).toEqual(all.slice(2899, 2960));
    expect(log.entriesFrom(10, 1000)).toEqual(all.slice(9, 9 + log.entriesFrom(10, 1000).length));
    expect(log.entriesFrom(2999, 1_000_000)).toEqual(all.slice(2998));
    expect(log.lastIndexOfTerm(3, 3000)).toBe(1199);
    expect(log.firstIndexOfTermAt(1000)).toBe(800);
    // Packed entries are committed: truncating one is refused, truncating after them is not.
    expect(() => log.truncateFrom(2900)).toThrow(/committed entry/);
    log.truncateFrom(2990);
    expect(log.lastIndex()).toBe(2989);
    log.append([{ index: 2990, term: 9, data: new Uint8Array([7]) }]);
    expect(log.unstableEntries().map((each) => each.index)).toEqual([2990]);
    expect(log.entryAt(2989)).toEqual(all[2988]);
  });
});
