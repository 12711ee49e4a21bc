import { describe, expect, it } from "vitest";
import { encodeCommand, type KvWriteRequest } from "./command.js";
import { KvApplyOrderError, KvCodecError, KvSnapshotError } from "./errors.js";
import { KvStateMachine } from "./state-machine.js";

/** Feeds commands to a state machine at consecutive indexes, as a host applying its log would. */
class Replica {
  readonly machine: KvStateMachine;
  private index = 0;

  constructor(sessionsMax?: number) {
    this.machine = new KvStateMachine(sessionsMax === undefined ? {} : { sessionsMax });
  }

  write(clientId: string, sequence: number, request: KvWriteRequest) {
    this.index++;
    return this.machine.apply(this.index, encodeCommand({ clientId, sequence, request }));
  }

  noOp() {
    this.index++;
    return this.machine.apply(this.index, new Uint8Array());
  }
}

describe("kv state machine", () => {
  it("reads null for an absent key and the last value put otherwise", () => {
    const replica = new Replica();
    expect(replica.machine.read("k")).toBeNull();
    replica.write("c", 1, { f: "put", key: "k", value: "a" });
    replica.write("c", 2, { f: "put", key: "k", value: "b" });
    expect(replica.machine.read("k")).toBe("b");
    expect(replica.machine.read("other")).toBeNull();
  });

  it("appends to the empty string when the key is absent, and concatenates otherwise", () => {
    const replica = new Replica();
    replica.write("c", 1, { f: "append", key: "k", value: "x" });
    replica.write("c", 2, { f: "append", key: "k", value: "y" });
    expect(replica.machine.read("k")).toBe("xy");
  });

  it("answers put and append with an acknowledgement of value null", () => {
    const replica = new Replica();
    const put = replica.write("c", 1, { f: "put", key: "k", value: "a" });
    const append = replica.write("c", 2, { f: "append", key: "k", value: "b" });
    expect(put?.outcome).toEqual({ type: "ok", value: null });
    expect(append?.outcome).toEqual({ type: "ok", value: null });
  });

  it("applies a cas whose from equals the current value and answers applied with the new value", () => {
    const replica = new Replica();
    replica.write("c", 1, { f: "put", key: "k", value: "a" });
    const result = replica.write("c", 2, { f: "cas", key: "k", from: "a", to: "b" });
    expect(result?.outcome).toEqual({ type: "ok", value: "b", applied: true });
    expect(replica.machine.read("k")).toBe("b");
  });

  it("refuses a cas whose from differs, answering ok, not applied, with the current value", () => {
    const replica = new Replica();
    replica.write("c", 1, { f: "put", key: "k", value: "a" });
    const result = replica.write("c", 2, { f: "cas", key: "k", from: "z", to: "b" });
    expect(result?.outcome).toEqual({ type: "ok", value: "a", applied: false });
    expect(replica.machine.read("k")).toBe("a");
  });

  it("treats a cas from null as 'only if absent', and the empty string as a present value", () => {
    const replica = new Replica();
    const fromAbsent = replica.write("c", 1, { f: "cas", key: "k", from: null, to: "" });
    expect(fromAbsent?.outcome).toEqual({ type: "ok", value: "", applied: true });
    const again = replica.write("c", 2, { f: "cas", key: "k", from: null, to: "x" });
    expect(again?.outcome).toEqual({ type: "ok", value: "", applied: false });
    const fromEmpty = replica.write("c", 3, { f: "cas", key: "k", from: "", to: "x" });
    expect(fromEmpty?.outcome).toEqual({ type: "ok", value: "x", applied: true });
  });

  it("returns null for a no-op entry and still advances the applied index", () => {
    const replica = new Replica();
    expect(replica.noOp()).toBeNull();
    expect(replica.machine.appliedIndex).toBe(1);
  });

  it("applies a retried write with the same client and sequence once, answering the first answer", () => {
    const replica = new Replica();
    const first = replica.write("c", 1, { f: "append", key: "k", value: "x" });
    replica.write("other", 1, { f: "append", key: "k", value: "y" });
    const retry = replica.write("c", 1, { f: "append", key: "k", value: "x" });
    expect(replica.machine.read("k")).toBe("xy");
    expect(first?.status).toBe("applied");
    expect(retry?.status).toBe("duplicate");
    expect(retry?.outcome).toEqual(first?.outcome);
  });

  it("answers a retried cas with its original verdict even after the value changed", () => {
    const replica = new Replica();
    const first = replica.write("c", 1, { f: "cas", key: "k", from: null, to: "a" });
    replica.write("d", 1, { f: "put", key: "k", value: "b" });
    const retry = replica.write("c", 1, { f: "cas", key: "k", from: null, to: "a" });
    expect(retry).toMatchObject({ status: "duplicate", outcome: first?.outcome });
    expect(replica.machine.read("k")).toBe("b");
  });

  it("answers a sequence below the session's last as stale and unknown, without effect", () => {
    const replica = new Replica();
    replica.write("c", 5, { f: "put", key: "k", value: "five" });
    const stale = replica.write("c", 4, { f: "put", key: "k", value: "four" });
    expect(stale?.status).toBe("stale");
    expect(stale?.outcome.type).toBe("unknown");
    expect(replica.machine.read("k")).toBe("five");
  });

  it("keeps sessions of different clients apart, and accepts sequences with gaps", () => {
    const replica = new Replica();
    replica.write("a", 7, { f: "append", key: "k", value: "1" });
    replica.write("b", 7, { f: "append", key: "k", value: "2" });
    const gap = replica.write("a", 10, { f: "append", key: "k", value: "3" });
    expect(gap?.status).toBe("applied");
    expect(replica.machine.read("k")).toBe("123");
  });

  it("throws with the index when an entry arrives out of order, leaving the state unchanged", () => {
    const machine = new KvStateMachine();
    const put = encodeCommand({
      clientId: "c",
      sequence: 1,
      request: { f: "put", key: "k", value: "v" },
    });
    expect(() => machine.apply(2, put)).toThrow(KvApplyOrderError);
    expect(() => machine.apply(2, put)).toThrow(
      /entry 2 applied, but the next index to apply is 1/,
    );
    machine.apply(1, put);
    expect(() => machine.apply(1, put)).toThrow(
      /entry 1 applied, but the next index to apply is 2/,
    );
    expect(machine.appliedIndex).toBe(1);
    expect(machine.read("k")).toBe("v");
  });

  it("throws on a committed payload that is not a command, leaving the applied index unchanged", () => {
    const machine = new KvStateMachine();
    expect(() => machine.apply(1, new Uint8Array([1, 2, 3]))).toThrow(KvCodecError);
    expect(machine.appliedIndex).toBe(0);
  });

  it("evicts the least recently applied session past the bound, and keeps a recently used one", () => {
    const replica = new Replica(2);
    replica.write("a", 1, { f: "append", key: "k", value: "a" });
    replica.write("b", 1, { f: "append", key: "k", value: "b" });
    replica.write("a", 1, { f: "append", key: "k", value: "a" });
    replica.write("c", 1, { f: "append", key: "k", value: "c" });
    expect(replica.machine.sessionCount).toBe(2);
    expect(replica.write("a", 1, { f: "append", key: "k", value: "a" })?.status).toBe("duplicate");
    // b was evicted: its session is forgotten, so the same sequence counts as new.
    expect(replica.write("b", 1, { f: "append", key: "k", value: "b" })?.status).toBe("applied");
    expect(replica.machine.read("k")).toBe("abcb");
  });

  it("restores from a JSON round trip of its snapshot to a replica that continues identically", () => {
    const original = new Replica(3);
    const clients = ["a", "b", "c", "d"];
    clients.forEach((client, position) => {
      original.write(client, 1, { f: "put", key: `k${position}`, value: client });
    });
    original.noOp();
    const restored = new KvStateMachine({ sessionsMax: 3 });
    restored.restore(JSON.parse(JSON.stringify(original.machine.snapshot())));
    expect(restored.snapshot()).toEqual(original.machine.snapshot());
    const next = encodeCommand({
      clientId: "e",
      sequence: 1,
      request: { f: "append", key: "k0", value: "!" },
    });
    original.machine.apply(6, next);
    restored.apply(6, next);
    expect(restored.snapshot()).toEqual(original.machine.snapshot());
    expect(restored.read("k0")).toBe("a!");
    expect(restored.sessionCount).toBe(3);
  });

  it("refuses a malformed snapshot, naming what is wrong, and keeps its state", () => {
    const replica = new Replica();
    replica.write("c", 1, { f: "put", key: "k", value: "v" });
    const good = replica.machine.snapshot();
    expect(() => replica.machine.restore({ ...good, formatVersion: 2 })).toThrow(/formatVersion 2/);
    expect(() => replica.machine.restore({ ...good, data: [["k", 1]] })).toThrow(KvSnapshotError);
    expect(() =>
      replica.machine.restore({
        ...good,
        sessions: [{ clientId: "c", sequence: 1, outcome: { type: "maybe" } }],
      }),
    ).toThrow(/sessions\[0\]\.outcome/);
    expect(() => replica.machine.restore(null)).toThrow(/snapshot must be an object/);
    expect(replica.machine.read("k")).toBe("v");
  });
});
