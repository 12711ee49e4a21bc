import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readHistoryText } from "../../history/read-history.js";
import { checkHistory } from "../../run/check-history.js";
import { raftctlSync } from "../testing/spawn-raftctl.js";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const corpus = resolve(repositoryRoot, "test/corpus/porcupine");

function raftctl(args: string[], input?: string) {
  return raftctlSync(args, input === undefined ? {} : { input });
}

describe("raftctl export", () => {
  it("converts an etcd log to EDN that checks to the same verdict, a refusal kept as :cas-refused", () => {
    const { exitCode, stdout } = raftctl([
      "export",
      resolve(corpus, "jepsen/etcd_001.log"),
      "--format",
      "edn",
    ]);
    expect(exitCode).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      '{:index 0, :type :invoke, :process 0, :f :read, :key "0", :value nil, :time 1}',
    );
    expect(stdout).toContain(
      '{:index 7, :type :fail, :process 2, :f :cas, :key "0", :value [1 0], :time 8, :error :cas-refused}',
    );
    const exported = readHistoryText(stdout, { file: "exported.edn" });
    expect(exported.records[7]).toMatchObject({ type: "ok", f: "cas", applied: false });
    expect(checkHistory(exported.records, "cas-register").verdict).toBe("illegal");
  });

  it("converts EDN to raftctl JSONL with a header naming the model", () => {
    const { exitCode, stdout } = raftctl([
      "export",
      resolve(corpus, "kv/c01-ok.txt"),
      "--format",
      "jsonl",
      "--model",
      "kv",
    ]);
    expect(exitCode).toBe(0);
    const [header, first] = stdout.split("\n").map((line) => (line ? JSON.parse(line) : undefined));
    expect(header).toMatchObject({ formatVersion: 1, model: "kv" });
    expect(header.source).toMatch(/^jepsen-edn .*kv\/c01-ok\.txt$/);
    expect(header).not.toHaveProperty("seed");
    expect(header).not.toHaveProperty("mode");
    expect(first).toEqual({
      index: 0,
      type: "invoke",
      process: 0,
      f: "append",
      key: "0",
      value: "x 0 0 y",
      timeNs: 0,
    });
    const exported = readHistoryText(stdout, { file: "exported.jsonl" });
    expect(checkHistory(exported.records, exported.header!.model).verdict).toBe("ok");
  });

  it("exits 64 for an unknown format or a JSONL export without a model", () => {
    expect(raftctl(["export", resolve(corpus, "kv/c01-ok.txt"), "--format", "csv"]).exitCode).toBe(
      64,
    );
    const noModel = raftctl(["export", resolve(corpus, "kv/c01-ok.txt"), "--format", "jsonl"]);
    expect(noModel.stderr).toMatch(/give --model/);
    expect(noModel.exitCode).toBe(64);
  });

  it("writes every value exactly as read, never null for one it read, EDN to JSONL and back", () => {
    const big = "9007199254740993";
    const long = `1${"2".repeat(399)}`;
    const edn = [
      `{:process 0, :type :invoke, :f :write, :value ${big}, :time 1}`,
      `{:process 0, :type :ok, :f :write, :value ${big}, :time 2}`,
      `{:process 1, :type :invoke, :f :write, :value ${long}N, :time 3}`,
      `{:process 1, :type :info, :f :write, :value ${long}N, :time 4}`,
      "{:process 2, :type :invoke, :f :cas, :value [1.0 2.50], :time 5}",
      "{:process 2, :type :fail, :f :cas, :value [1.0 2.50], :time 6}",
    ].join("\n");
    const toJsonl = raftctl(["export", "-", "--format", "jsonl", "--model", "cas-register"], edn);
    expect(toJsonl.exitCode).toBe(0);
    const values = toJsonl.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => /"value":(.*),"timeNs"/.exec(line)![1]);
    expect(values).toEqual([big, big, long, long, "[1.0,2.50]", "[1.0,2.50]"]);
    expect(toJsonl.stdout).not.toContain("null");
    const backToEdn = raftctl(["export", "-", "--format", "edn"], toJsonl.stdout);
    expect(backToEdn.exitCode).toBe(0);
    const ednValues = backToEdn.stdout
      .trim()
      .split("\n")
      .map((line) => /:value (.*), :time/.exec(line)![1]);
    expect(ednValues).toEqual([big, big, long, long, "[1.0 2.50]", "[1.0 2.50]"]);
    const again = raftctl(
      ["export", "-", "--format", "jsonl", "--model", "cas-register"],
      backToEdn.stdout,
    );
    expect(again.stdout.split("\n").slice(1)).toEqual(toJsonl.stdout.split("\n").slice(1));
  });

  it("keeps an EDN decimal in EDN and refuses to write it as JSON, where it would be a float", () => {
    const edn = [
      "{:process 0, :type :invoke, :f :write, :value 1.5M}",
      "{:process 0, :type :ok, :f :write, :value 1.5M}",
    ].join("\n");
    expect(raftctl(["export", "-", "--format", "edn"], edn).stdout).toContain(":value 1.5M,");
    const toJsonl = raftctl(["export", "-", "--format", "jsonl", "--model", "register"], edn);
    expect(toJsonl.stderr).toBe(
      "raftctl: record #0: $.value is 1.5M, an EDN decimal, which JSON cannot tell from the float 1.5: export this history as EDN\n",
    );
    expect(toJsonl.stdout).toBe("");
    expect(toJsonl.exitCode).toBe(64);
  });
});
