import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { NodeEvent } from "./events.js";
import { numberFromJson } from "./exact-number.js";
import { readJsonlHistory } from "./jsonl-reader.js";
import type { HistoryHeader } from "./types.js";
import {
  EventsWriter,
  type HistoryRecordInput,
  HistoryWriteError,
  HistoryWriter,
  JsonlFileWriter,
  stableStringify,
} from "./writer.js";

const header: HistoryHeader = {
  formatVersion: 1,
  raftctlVersion: "0.1.0",
  scenario: "leader-partition",
  seed: 7,
  mode: "sim",
  model: "cas-register",
};

const records: HistoryRecordInput[] = [
  { type: "invoke", process: 0, f: "write", key: "k0", value: 1, timeNs: 1_000_000 },
  { type: "invoke", process: 1, f: "cas", key: "k0", value: [1, 2], timeNs: 1_500_000 },
  { type: "ok", process: 0, f: "write", key: "k0", value: 1, timeNs: 2_000_000 },
  {
    type: "ok",
    process: 1,
    f: "cas",
    key: "k0",
    value: [1, 2],
    timeNs: 3_000_000,
    applied: false,
  },
  {
    type: "info",
    process: "nemesis",
    f: "partition",
    value: { targets: ["n3"], shape: "isolate-leader" },
    timeNs: 3_500_000,
    endNs: 5_000_000,
  },
  {
    type: "info",
    process: 2,
    f: "write",
    key: "k1",
    value: 1,
    timeNs: 4_000_000,
    error: "timeout",
  },
];

/** The same records with every object's properties created in reverse order. */
function reversedProperties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedProperties);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, reversedProperties(item)]));
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "raftctl-writer-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeHistory(path: string, input: readonly HistoryRecordInput[]): void {
  const writer = new HistoryWriter(path, header);
  for (const record of input) writer.append(record);
  writer.close();
}

describe("HistoryWriter", () => {
  it("writes the header first, then records numbered in arrival order with the contract's key order", () => {
    const path = join(directory, "history.jsonl");
    writeHistory(path, records);
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(
      '{"formatVersion":1,"raftctlVersion":"0.1.0","scenario":"leader-partition","seed":7,"mode":"sim","model":"cas-register"}',
    );
    expect(lines[1]).toBe(
      '{"index":0,"type":"invoke","process":0,"f":"write","key":"k0","value":1,"timeNs":1000000}',
    );
    expect(lines[4]).toBe(
      '{"index":3,"type":"ok","process":1,"f":"cas","key":"k0","value":[1,2],"timeNs":3000000,"applied":false}',
    );
    expect(lines[5]).toBe(
      '{"index":4,"type":"info","process":"nemesis","f":"partition","value":{"shape":"isolate-leader","targets":["n3"]},"timeNs":3500000,"endNs":5000000}',
    );
    const parsed = lines.slice(1, -1).map((line) => JSON.parse(line));
    expect(parsed.map((record) => record.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("gives byte-identical files for the same records whatever order their properties were made in", () => {
    const first = join(directory, "first.jsonl");
    const second = join(directory, "second.jsonl");
    writeHistory(first, records);
    writeHistory(second, records.map(reversedProperties) as HistoryRecordInput[]);
    expect(readFileSync(second)).toEqual(readFileSync(first));
  });

  it("returns each record with the index it was written under", () => {
    const writer = new HistoryWriter(join(directory, "h.jsonl"), header);
    const written = records.map((record) => writer.append(record));
    writer.close();
    expect(written.map((record) => record.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(written[3]).toMatchObject({ type: "ok", applied: false, index: 3 });
  });

  it("refuses records after close", () => {
    const writer = new HistoryWriter(join(directory, "h.jsonl"), header);
    writer.close();
    writer.close();
    expect(() => writer.append(records[0]!)).toThrow(/closed/);
  });

  it("writes exact numbers as the numbers they are, a float as a float", () => {
    const path = join(directory, "h.jsonl");
    const big = numberFromJson("9007199254740993")!;
    const float = numberFromJson("1.0")!;
    writeHistory(path, [
      { type: "invoke", process: 0, f: "cas", key: "k", value: [big, float], timeNs: 1 },
    ]);
    const line = readFileSync(path, "utf8").split("\n")[1];
    expect(line).toContain('"value":[9007199254740993,1.0]');
    expect(readJsonlHistory(readFileSync(path, "utf8"), path).records[0]!.value).toEqual([
      big,
      float,
    ]);
  });

  it("refuses values JSON cannot hold instead of writing null", () => {
    const writer = new HistoryWriter(join(directory, "h.jsonl"), header);
    const bad = { ...records[0]!, timeNs: Number.NaN };
    expect(() => writer.append(bad)).toThrow(/\$\.timeNs is NaN/);
    writer.close();
  });

  it("reports an unwritable path as a user error that names it", () => {
    const path = join(directory, "missing", "history.jsonl");
    let caught: unknown;
    try {
      new HistoryWriter(path, header);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(HistoryWriteError);
    expect((caught as HistoryWriteError).exitCode).toBe(64);
    expect((caught as Error).message).toContain(path);
  });
});

describe("JsonlFileWriter buffering", () => {
  it("holds lines until the buffer fills, then writes them all", () => {
    const path = join(directory, "b.jsonl");
    const writer = new JsonlFileWriter(path, { flushIntervalMs: 0, bufferBytesMax: 40 });
    writer.writeLine('{"a":1}');
    expect(readFileSync(path, "utf8")).toBe("");
    for (let line = 0; line < 5; line += 1) writer.writeLine(`{"line":${line}}`);
    // 8 + 11 + 11 + 11 = 41 bytes reach the 40-byte bound at line 2; lines 3 and 4 wait.
    expect(readFileSync(path, "utf8")).toBe('{"a":1}\n{"line":0}\n{"line":1}\n{"line":2}\n');
    writer.close();
    expect(readFileSync(path, "utf8").split("\n").filter(Boolean)).toHaveLength(6);
  });

  it("flushes buffered lines within the flush interval of wall time without a close", async () => {
    const path = join(directory, "t.jsonl");
    const writer = new JsonlFileWriter(path, { flushIntervalMs: 20 });
    writer.writeLine('{"a":1}');
    expect(readFileSync(path, "utf8")).toBe("");
    await new Promise((done) => setTimeout(done, 120));
    expect(readFileSync(path, "utf8")).toBe('{"a":1}\n');
    writer.close();
  });

  it("refuses a line with a newline in it, which would break the format", () => {
    const writer = new JsonlFileWriter(join(directory, "n.jsonl"), { flushIntervalMs: 0 });
    expect(() => writer.writeLine('{"a":\n1}')).toThrow(/newline/);
    writer.close();
  });
});

describe("EventsWriter", () => {
  it("writes time, node and type first, then the event's fields alphabetically", () => {
    const path = join(directory, "events.jsonl");
    const writer = new EventsWriter(path);
    const event: NodeEvent = {
      type: "persist",
      node: "n1",
      timeNs: 5,
      synced: true,
      lastIndex: 3,
      hardState: { vote: "n2", term: 2, commit: 1 },
    };
    writer.append(event);
    writer.close();
    expect(readFileSync(path, "utf8")).toBe(
      '{"timeNs":5,"node":"n1","type":"persist","hardState":{"commit":1,"term":2,"vote":"n2"},"lastIndex":3,"synced":true}\n',
    );
  });
});

describe("stableStringify", () => {
  it("orders nested keys alphabetically and leaves undefined properties out", () => {
    expect(stableStringify({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } })).toBe(
      '{"a":{"c":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe("a killed run", () => {
  it("leaves a history whose header and flushed records are readable", () => {
    const path = join(directory, "killed.jsonl");
    const script = join(directory, "write-and-die.ts");
    const writerModule = resolve(import.meta.dirname, "writer.ts");
    writeFileSync(
      script,
      `import { HistoryWriter } from ${JSON.stringify(writerModule)};
const writer = new HistoryWriter(${JSON.stringify(path)}, ${JSON.stringify(header)}, { flushIntervalMs: 10 });
for (let i = 0; i < 1000; i += 1) {
  writer.append({ type: "invoke", process: i, f: "read", key: "k" + (i % 7), value: null, timeNs: i });
}
setTimeout(() => {
  writer.append({ type: "invoke", process: -1, f: "read", key: "never-flushed", value: null, timeNs: 0 });
  process.kill(process.pid, "SIGKILL");
}, 100);
`,
    );
    const child = spawnSync(process.execPath, ["--import", "tsx", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(child.signal).toBe("SIGKILL");
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain("never-flushed");
    const history = readJsonlHistory(text, path);
    expect(history.header).toEqual(header);
    expect(history.warnings).toEqual([]);
    expect(history.records).toHaveLength(1000);
    expect(history.records.at(-1)).toMatchObject({ index: 999, process: 999 });
  });

  it("leaves a history that reads up to its last whole line when the cut falls inside a line", () => {
    const path = join(directory, "cut.jsonl");
    writeHistory(path, records);
    const whole = readFileSync(path, "utf8");
    const cut = whole.slice(0, whole.length - 20);
    const history = readJsonlHistory(cut, path);
    expect(history.records).toHaveLength(records.length - 1);
    expect(history.warnings.join("\n")).toMatch(/half-written last line/);
  });
});
