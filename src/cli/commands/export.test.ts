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
});
