import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// The checker as a user of porcupine-ts sees it: its entry point and nothing behind it.
import {
  type CheckResult,
  checkEvents,
  checkOperations,
  type HistoryEvent,
  hashString,
  type Model,
  type Operation,
  partitionByKey,
} from "../src/checker/index.js";
import { readHistoryFile } from "../src/history/read-history.js";
import type { ModelName } from "../src/history/types.js";
import { historyToOperations } from "../src/run/check-history.js";

/**
 * Porcupine's corpus checked the way a user would check it: models written here against the
 * public types only (no pruning hints, no built-in model), operations handed to the entry
 * point's `checkOperations`. raftctl's readers only parse the files; each history must get
 * the verdict MANIFEST.tsv gives.
 */
const corpus = fileURLToPath(new URL("corpus/porcupine/", import.meta.url));

type Outcome = { type: "ok"; value?: unknown; applied?: boolean } | { type: "unknown" };
type RegisterCall =
  | { key: string; f: "read" }
  | { key: string; f: "write"; value: unknown }
  | { key: string; f: "cas"; from: unknown; to: unknown };
type KvCall = { key: string; f: "get" } | { key: string; f: "put" | "append"; value: string };

const hashValue = (value: unknown) => hashString(`${typeof value}:${String(value)}`);

/** A compare-and-set register per key; an unknown cas applies where it can. */
const casRegister: Model<unknown, RegisterCall, Outcome> = {
  name: "user cas-register",
  init: () => null,
  step(state, input, output) {
    if (input.f === "write") return input.value;
    if (input.f === "read") {
      return output.type === "unknown" || output.value === state ? state : undefined;
    }
    const matches = state === input.from;
    if (output.type === "unknown") return matches ? input.to : state;
    if (output.applied === false) return matches ? undefined : state;
    return matches ? input.to : undefined;
  },
  equal: (first, second) => first === second,
  hash: hashValue,
  partition: partitionByKey,
};

/** A key of a store with get, put and append; a key never written reads as nil or "". */
const appendStore: Model<string | null, KvCall, Outcome> = {
  name: "user kv",
  init: () => null,
  step(state, input, output) {
    if (input.f === "put") return input.value;
    if (input.f === "append") return (state ?? "") + input.value;
    if (output.type === "unknown" || output.value === state) return state;
    return state === null && output.value === "" ? state : undefined;
  },
  equal: (first, second) => first === second,
  hash: hashValue,
  partition: partitionByKey,
};

function manifest(): { path: string; expected: CheckResult["verdict"] }[] {
  const [heading, ...rows] = readFileSync(join(corpus, "MANIFEST.tsv"), "utf8").trim().split("\n");
  const columns = heading!.split("\t");
  return rows.map((row) => {
    const cells = row.split("\t");
    const result = cells[columns.indexOf("expected_result")]!;
    return {
      path: cells[columns.indexOf("path")]!,
      expected: result === "not linearizable" ? "illegal" : "ok",
    };
  });
}

/** The corpus file as operations, parsed by raftctl's readers. */
function operationsOf<Input>(path: string, model: ModelName): Operation<Input, Outcome>[] {
  const { records } = readHistoryFile(join(corpus, path));
  return historyToOperations(records, model).operations as unknown as Operation<Input, Outcome>[];
}

const options = { timeoutMs: 60_000, minimizeTimeoutMs: 0 };

describe("the checker through its entry point, with models of a user's own", () => {
  const rows = manifest();

  it("gives every etcd log of Porcupine's corpus the manifest's verdict", () => {
    const etcdLogs = rows.filter((row) => row.path.startsWith("jepsen/"));
    expect(etcdLogs).toHaveLength(103);
    const outcomes = etcdLogs.map((row) => ({
      path: row.path,
      verdict: checkOperations(
        casRegister,
        operationsOf<RegisterCall>(row.path, "cas-register"),
        options,
      ).verdict,
    }));
    expect(outcomes).toEqual(etcdLogs.map(({ path, expected }) => ({ path, verdict: expected })));
  });

  it("gives every kv history of Porcupine's corpus the manifest's verdict", () => {
    const kvHistories = rows.filter((row) => row.path.startsWith("kv/"));
    expect(kvHistories).toHaveLength(6);
    const outcomes = kvHistories.map((row) => ({
      path: row.path,
      verdict: checkOperations(appendStore, operationsOf<KvCall>(row.path, "kv"), options).verdict,
    }));
    expect(outcomes).toEqual(
      kvHistories.map(({ path, expected }) => ({ path, verdict: expected })),
    );
  });

  it("reads the counterexample of an illegal history from the result alone", () => {
    const result = checkOperations(
      casRegister,
      operationsOf<RegisterCall>("jepsen/etcd_000.log", "cas-register"),
      options,
    );
    expect(result.verdict).toBe("illegal");
    const illegal = result.partitions.find((partition) => partition.verdict === "illegal")!;
    const ending = illegal.counterexample!.endings[0]!;
    expect(ending.blocked.length).toBeGreaterThan(0);
    for (const id of [...ending.blocked, ending.mustPrecede]) {
      expect(illegal.operationIds).toContain(id);
    }
  });

  it("checks a history given as call and return events, an unanswered call left open", () => {
    const events: HistoryEvent<RegisterCall, Outcome>[] = [
      { kind: "call", clientId: 0, id: 0, value: { key: "x", f: "write", value: 1 } },
      { kind: "call", clientId: 1, id: 1, value: { key: "x", f: "read" } },
      { kind: "return", clientId: 1, id: 1, value: { type: "ok", value: 1 } },
    ];
    const open: Outcome = { type: "unknown" };
    expect(checkEvents(casRegister, events, open).verdict).toBe("ok");
    const staleRead: HistoryEvent<RegisterCall, Outcome> = {
      kind: "return",
      clientId: 1,
      id: 1,
      value: { type: "ok", value: 2 },
    };
    expect(checkEvents(casRegister, [events[0]!, events[1]!, staleRead], open).verdict).toBe(
      "illegal",
    );
  });
});
