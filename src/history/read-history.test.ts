import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatEdnHistory } from "./edn-writer.js";
import { HistoryFormatError } from "./format-error.js";
import { formatJsonlHistory } from "./jsonl-format.js";
import { detectHistoryFormat, readHistoryFile, readHistoryText } from "./read-history.js";
import type { HistoryHeader, HistoryRecord } from "./types.js";

const header: HistoryHeader = {
  formatVersion: 1,
  raftctlVersion: "0.1.0",
  scenario: "t",
  seed: 1,
  mode: "sim",
  model: "cas-register",
};
const jsonl = (...lines: object[]) =>
  `${[header, ...lines].map((line) => JSON.stringify(line)).join("\n")}\n`;
const invoke = (index: number, process: number, f: string, value: unknown, timeNs = index) => ({
  index,
  type: "invoke",
  process,
  f,
  key: "k",
  value,
  timeNs,
});

function errorOf(action: () => unknown): HistoryFormatError {
  try {
    action();
  } catch (error) {
    if (error instanceof HistoryFormatError) return error;
    throw error;
  }
  throw new Error("expected a HistoryFormatError");
}

describe("raftctl JSONL", () => {
  it("reads the header and the records", () => {
    const history = readHistoryText(
      jsonl(invoke(0, 1, "cas", ["a", "b"]), {
        ...invoke(1, 1, "cas", ["a", "b"]),
        type: "ok",
        applied: false,
      }),
      { file: "h.jsonl" },
    );
    expect(history.format).toBe("jsonl");
    expect(history.header?.model).toBe("cas-register");
    expect(history.records).toHaveLength(2);
    expect(history.warnings).toEqual([]);
  });

  it("drops a half-written last line of a history cut short, with a warning", () => {
    const text = `${jsonl(invoke(0, 1, "read", null))}{"index":1,"type":"ok","pro`;
    const history = readHistoryText(text, { file: "h.jsonl" });
    expect(history.records).toHaveLength(1);
    expect(history.warnings.join("\n")).toMatch(/h\.jsonl:3: dropped a half-written last line/);
    expect(history.warnings.join("\n")).toMatch(
      /1 operation\(s\) never completed; checked as indeterminate/,
    );
  });

  it("names the file, line and what was expected for a malformed record", () => {
    const cases: [string, RegExp][] = [
      [`${JSON.stringify({ ...header, formatVersion: 2 })}\n`, /^h\.jsonl:1: expected the header/],
      [
        jsonl({ ...invoke(0, 1, "read", null), f: "scan" }),
        /^h\.jsonl:2: expected "f" to be one of read, write, cas, get, put, append, found f: "scan"/,
      ],
      [
        jsonl({ ...invoke(0, 1, "read", null), timeNs: "x" }),
        /^h\.jsonl:2: expected "timeNs" to be a non-negative integer/,
      ],
      [
        `${jsonl()}not json\n{}\n`,
        /^h\.jsonl:2: expected one JSON object on the line, found "not json"/,
      ],
      [
        jsonl({ ...invoke(0, 1, "read", null), type: "ok" }),
        /^h\.jsonl:2: expected an invoke of process 1 before its ok/,
      ],
      [
        jsonl(invoke(0, 1, "read", null), invoke(1, 1, "read", null)),
        /^h\.jsonl:3: expected a completion of process 1's open read/,
      ],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => readHistoryText(text, { file: "h.jsonl" }));
      expect(error.message).toMatch(message);
      expect(error.exitCode).toBe(64);
    }
  });
});

describe("Jepsen EDN", () => {
  it("reads one map per line, with :key, keeping :fail operations as fail records", () => {
    const text = [
      "; a comment",
      '{:process 0, :type :invoke, :f :put, :key "7", :value "x 0 0 y", :time 5}',
      '{:process 0, :type :ok, :f :put, :key "7", :value "x 0 0 y", :time 9}',
      '{:process 1, :type :invoke, :f :get, :key "7", :value nil, :time 10}',
      '{:process 1, :type :fail, :f :get, :key "7", :value nil, :time 11, :error :timeout}',
      "{:process :nemesis, :type :info, :f :start, :value [:n1], :time 12}",
    ].join("\n");
    const history = readHistoryText(text, { file: "h.edn" });
    expect(history.format).toBe("edn");
    expect(history.timeUnit).toBe("ns");
    expect(history.records[0]).toEqual({
      index: 0,
      type: "invoke",
      process: 0,
      f: "put",
      key: "7",
      value: "x 0 0 y",
      timeNs: 5,
    });
    expect(history.records[3]).toMatchObject({ type: "fail", error: "timeout" });
    expect(history.records[4]).toMatchObject({ process: "nemesis", f: "start", value: ["n1"] });
  });

  it("reads a vector of maps and [key value] tuples as jepsen.independent writes them", () => {
    const text = `[{:process 0, :type :invoke, :f :cas, :value [3 [1 2]]}
 {:process 0, :type :info, :f :cas, :value nil}
 {:process 1, :type :invoke, :f :read, :value [4 nil]}
 {:process 1, :type :ok, :f :read, :value [4 2]}]`;
    const history = readHistoryText(text, { file: "h.edn" });
    expect(
      history.records.map((record) => record.process === "nemesis" || [record.key, record.value]),
    ).toEqual([
      ["3", [1, 2]],
      ["3", null],
      ["4", null],
      ["4", 2],
    ]);
    expect(history.timeUnit).toBe("position");
  });

  it("never replaces a value it read with nil: a completion keeps its own value, one it cannot hold is refused", () => {
    const tuples = `[{:process 0, :type :invoke, :f :write, :value [3 5]}
 {:process 0, :type :info, :f :write, :value 5}]`;
    expect(readHistoryText(tuples, { file: "h.edn" }).records[1]).toMatchObject({
      key: "3",
      value: 5,
    });
    const map = `{:process 0, :type :invoke, :f :write, :value 1}
{:process 0, :type :info, :f :write, :value {:a 1}}`;
    expect(errorOf(() => readHistoryText(map, { file: "h.edn" })).message).toMatch(
      /^h\.edn:2: expected :value to be nil, a number, a string or a \[from to\] vector, found a map$/,
    );
  });

  it("names the file, line and what was expected for a malformed operation", () => {
    const cases: [string, RegExp][] = [
      [
        "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0 :type}",
        /^h\.edn:2:\d+: expected a map with a value for every key/,
      ],
      [
        "{:process 0, :type :begin, :f :read, :value nil}",
        /^h\.edn:1: expected :type to be one of :invoke :ok :fail :info, found :begin/,
      ],
      [
        "{:process 0, :type :invoke, :f :txn, :value nil}",
        /^h\.edn:1: expected :f to be one of :read/,
      ],
      [
        "{:process 0, :type :invoke, :f :write, :value {:a 1}}",
        /^h\.edn:1: expected :value to be nil, a number, a string or a \[from to\] vector/,
      ],
      [
        '{:process "p", :type :invoke, :f :read}',
        /^h\.edn:1: expected :process to be an integer or :nemesis/,
      ],
      ["[1 2]", /^h\.edn:1: expected an operation map/],
    ];
    for (const [text, message] of cases)
      expect(errorOf(() => readHistoryText(text, { file: "h.edn" })).message).toMatch(message);
  });
});

describe("etcd Jepsen logs", () => {
  it("reads tab- or space-separated lines as Porcupine does", () => {
    const text = [
      "INFO  jepsen.util - 3\t:invoke\t:cas\t[0 4]",
      "INFO  jepsen.util - 3\t:fail\t:cas\t[0 4]",
      "INFO  jepsen.util - 1   :invoke :read   nil",
      "INFO  jepsen.util - 1   :fail   :read   :timed-out",
      "INFO  jepsen.util - 2\t:invoke\t:write\t4",
      "INFO  jepsen.util - 2\t:info\t:write\t:timed-out",
    ].join("\n");
    const history = readHistoryText(text, { file: "etcd.log" });
    expect(history.format).toBe("etcd-log");
    const types = history.records.map((record) => [
      record.type,
      (record as { applied?: boolean }).applied,
    ]);
    expect(types).toEqual([
      ["invoke", undefined],
      ["ok", false],
      ["invoke", undefined],
      ["fail", undefined],
      ["invoke", undefined],
      ["info", undefined],
    ]);
    expect(history.records[1]!.value).toEqual([0, 4]);
    expect(history.records[1]!.timeNs).toBe(2);
  });

  it("names the line and the expected form of a malformed line", () => {
    const text =
      "INFO  jepsen.util - 3\t:invoke\t:cas\t[0 4]\nINFO  jepsen.util - 3\t:ok\t:cas\tfour";
    expect(errorOf(() => readHistoryText(text, { file: "etcd.log" })).message).toBe(
      'etcd.log:2: expected a [FROM TO] pair, found "four"',
    );
    const garbage = "INFO  jepsen.util - 3\t:invoke\t:cas\t[0 4]\nWARN something else";
    expect(errorOf(() => readHistoryText(garbage, { file: "etcd.log" })).message).toMatch(
      /^etcd\.log:2: expected a Jepsen log line/,
    );
  });
});

describe("format detection and writers", () => {
  it("detects each format from its first meaningful line, an empty text being an empty history", () => {
    expect(detectHistoryFormat(`${JSON.stringify(header)}\n`, "f")).toBe("jsonl");
    expect(detectHistoryFormat("; c\n\n{:process 0}", "f")).toBe("edn");
    expect(detectHistoryFormat("INFO  jepsen.util - 1 :invoke :read nil", "f")).toBe("etcd-log");
    expect(detectHistoryFormat("\n\n", "f")).toBeUndefined();
    expect(readHistoryText("", { file: "f" }).records).toEqual([]);
    expect(errorOf(() => detectHistoryFormat("\nhello", "f")).message).toMatch(
      /^f:2: expected a history: raftctl JSONL/,
    );
  });

  it("round-trips a history through EDN and JSONL, a refused cas included", () => {
    const records = readHistoryText(
      jsonl(
        invoke(0, 1, "cas", ["a", "b"]),
        { ...invoke(1, 1, "cas", ["a", "b"]), type: "ok", applied: false },
        invoke(2, 2, "write", 'q"uote'),
        { ...invoke(3, 2, "write", 'q"uote'), type: "info", error: "timeout" },
        {
          index: 4,
          type: "info",
          process: "nemesis",
          f: "partition",
          value: { groups: [["n1"]] },
          timeNs: 4,
          endNs: 9,
        },
      ),
      { file: "h.jsonl" },
    ).records;
    const viaEdn = readHistoryText(formatEdnHistory(records), { file: "h.edn" }).records;
    const client = (list: HistoryRecord[]) => list.filter((record) => record.process !== "nemesis");
    expect(client(viaEdn)).toEqual(client(records));
    const viaJsonl = readHistoryText(formatJsonlHistory(header, records), { file: "h.jsonl" });
    expect(viaJsonl.records).toEqual(records);
    expect(viaJsonl.header).toEqual(header);
  });
});

describe("the history header", () => {
  const record = JSON.stringify(invoke(0, 1, "read", null));

  it("ignores keys it does not know, within formatVersion 1", () => {
    const future = { ...header, addedLater: { any: ["thing"] }, checksum: "abc" };
    const history = readHistoryText(`${JSON.stringify(future)}\n${record}\n`, { file: "h.jsonl" });
    expect(history.header).toEqual(header);
  });

  it("needs no seed, mode or scenario from a history from elsewhere, which names its source", () => {
    const foreign = { formatVersion: 1, model: "register", source: "jepsen-edn etcd.edn" };
    const history = readHistoryText(`${JSON.stringify(foreign)}\n${record}\n`, { file: "h.jsonl" });
    expect(history.header).toEqual(foreign);
    const written = formatJsonlHistory(history.header!, history.records).split("\n")[0];
    expect(written).toBe(JSON.stringify(foreign));
  });

  it("still checks the fields it knows, and refuses another formatVersion", () => {
    const cases: [object, RegExp][] = [
      [{ ...header, seed: "7" }, /expected "seed" to be an integer, found seed: "7"/],
      [{ ...header, mode: "real" }, /expected "mode" to be "sim" or "process"/],
      [{ ...header, source: 3 }, /expected "source" to be a string/],
      [{ formatVersion: 1 }, /expected "model" to be one of/],
      [{ ...header, formatVersion: 2 }, /found formatVersion 2$/],
    ];
    for (const [line, message] of cases) {
      const error = errorOf(() =>
        readHistoryText(`${JSON.stringify(line)}\n`, { file: "h.jsonl" }),
      );
      expect(error.message).toMatch(message);
    }
  });
});

describe("bad history input", () => {
  it("refuses a completion timed before its invoke, in one line naming it", () => {
    const text = jsonl(invoke(0, 1, "read", null, 50), {
      ...invoke(1, 1, "read", 3, 40),
      type: "ok",
    });
    expect(errorOf(() => readHistoryText(text, { file: "h.jsonl" })).message).toBe(
      "h.jsonl:3: expected a completion timed at or after its invoke (time 50), found a ok of process 1 at time 40",
    );
  });

  it("refuses negative times in JSONL and EDN", () => {
    const jsonlText = jsonl(invoke(0, 1, "read", null, -5));
    expect(errorOf(() => readHistoryText(jsonlText, { file: "h.jsonl" })).message).toMatch(
      /^h\.jsonl:2: expected "timeNs" to be a non-negative integer \(nanoseconds\), found timeNs: -5$/,
    );
    const nemesis = { index: 0, type: "info", process: "nemesis", f: "crash", value: null };
    const nemesisText = jsonl({ ...nemesis, timeNs: 1, endNs: -1 });
    expect(errorOf(() => readHistoryText(nemesisText, { file: "h.jsonl" })).message).toMatch(
      /expected "endNs" to be a non-negative integer/,
    );
    const ednText = "{:process 0, :type :invoke, :f :read, :value nil, :time -1}";
    expect(errorOf(() => readHistoryText(ednText, { file: "h.edn" })).message).toBe(
      "h.edn:1: expected :time to be a non-negative integer (nanoseconds), found -1",
    );
  });

  it("refuses nesting 100,000 deep in JSONL and in EDN with one line naming where", () => {
    const deepJsonl = jsonl({ ...invoke(0, 1, "write", null), value: null }).replace(
      '"value":null',
      `"value":${"[".repeat(100_000)}`,
    );
    const jsonlError = errorOf(() => readHistoryText(deepJsonl, { file: "h.jsonl" }));
    expect(jsonlError.message).toMatch(
      /^h\.jsonl:2:\d+: expected values nested at most 100 deep, found deeper nesting$/,
    );
    for (const opening of ["[", "(", "{:a ", "#{", "#t ", "#_"]) {
      const deepEdn = `{:process 0, :type :invoke, :f :write, :value ${opening.repeat(100_000)}`;
      const ednError = errorOf(() => readHistoryText(deepEdn, { file: "h.edn" }));
      expect(ednError.message, opening).toMatch(
        /^h\.edn:1:\d+: expected values nested at most 100 deep, found deeper nesting$/,
      );
    }
  });

  it("keeps what it echoes of a binary or huge line short and printable", () => {
    const binary = `{"a":1}\n${"\u001b[31m\u009b\u00ff\ufffd".repeat(1000)}`;
    const jsonlMessage = errorOf(() =>
      readHistoryText(`${JSON.stringify(header)}\n${binary}`, { file: "h" }),
    ).message;
    const ednMessage = errorOf(() =>
      readHistoryText(`{:process 0 :value ${"\u0080x".repeat(5000)}}`, { file: "h" }),
    ).message;
    const detectMessage = errorOf(() =>
      readHistoryText("\u0007".repeat(5000), { file: "h" }),
    ).message;
    for (const message of [jsonlMessage, ednMessage, detectMessage]) {
      expect(message.length, message).toBeLessThan(300);
      expect(message, message).toMatch(/^[\x20-\x7e]*$/);
    }
  });
});

describe("reading a history file", () => {
  it("refuses a device that never ends, such as /dev/zero, at its first NUL byte", () => {
    expect(() => readHistoryFile("/dev/zero")).toThrow(
      /^\/dev\/zero: binary data \(a NUL byte at byte 0\), not a history/,
    );
  });

  it("reads a pipe only up to the size limit, and a larger file not at all", async () => {
    const directory = mkdtempSync(join(tmpdir(), "raftctl-read-history-"));
    try {
      const large = join(directory, "large.edn");
      writeFileSync(large, "; a comment\n".repeat(200));
      expect(() => readHistoryFile(large, "auto", 1024)).toThrow(
        /large\.edn: larger than 1024 bytes, the most raftctl reads as one history/,
      );
      expect(readHistoryFile(large, "auto", 4096).records).toEqual([]);
      const fifo = join(directory, "endless");
      const made = spawn("mkfifo", [fifo]);
      await new Promise((resolve) => made.on("close", resolve));
      // `yes` writes comment lines for ever into the pipe; the reader must stop at the limit.
      // (Opened read-write, a FIFO does not wait for a reader.)
      const writeEnd = openSync(fifo, "r+");
      const writer = spawn("yes", ["; again"], { stdio: ["ignore", writeEnd, "ignore"] });
      closeSync(writeEnd);
      try {
        expect(() => readHistoryFile(fifo, "auto", 64 * 1024)).toThrow(
          /endless: larger than 65536 bytes/,
        );
      } finally {
        writer.kill();
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
