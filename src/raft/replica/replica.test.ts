import { describe, expect, it } from "vitest";
import { encodeMessage } from "../codec/index.js";
import type { Message } from "../core/types.js";
import { ClientFrameRejectedError, MessageRejectedError } from "./errors.js";
import { UnknownMutationError } from "./mutations.js";
import { ReplicaWorld } from "./testing/replica-world.js";

const put = (key: string, value: string) => ({ f: "put", key, value }) as const;
const get = (key: string) => ({ f: "get", key }) as const;

describe("Replica: the Ready contract", () => {
  it("sends none of a Ready's messages before its sync completes", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.node("n1").replica.campaign();
    expect(world.node("n1").storage.pendingSyncs.length).toBe(1);
    expect(world.outbox).toEqual([]);
    world.node("n1").storage.completeSyncs();
    expect(world.outbox.map((message) => message.type)).toEqual(["vote", "vote"]);
  });

  it("with ack-before-fsync, sends a Ready's messages while its sync is still pending", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"], { mutations: ["ack-before-fsync"] });
    world.node("n1").replica.campaign();
    expect(world.node("n1").storage.pendingSyncs.length).toBe(1);
    expect(world.outbox.map((message) => message.type)).toEqual(["vote", "vote"]);
  });

  it("emits a Ready's events in the contract's order: role, append, persist, commit, apply", () => {
    const world = new ReplicaWorld(["n1"]);
    world.elect("n1");
    const types = world.node("n1").events.map((event) => event.type);
    expect(types).toEqual(["role", "append", "persist", "commit", "apply"]);
    expect(world.node("n1").events.at(-1)).toMatchObject({ type: "apply", index: 1, term: 1 });
    expect(world.node("n1").events.at(-3)).toMatchObject({
      type: "persist",
      hardState: { term: 1, vote: "n1" },
      lastIndex: 1,
      synced: true,
    });
  });

  it("refuses an unknown mutation name, listing the known ones", () => {
    expect(() => new ReplicaWorld(["n1"], { mutations: ["stale-locl-read"] })).toThrow(
      UnknownMutationError,
    );
    expect(() => new ReplicaWorld(["n1"], { mutations: ["stale-locl-read"] })).toThrow(
      /unknown mutation 'stale-locl-read'; known mutations: ack-before-fsync, commit-prior-term, election-timer-never-reset, stale-local-read/,
    );
  });
});

describe("Replica: client requests", () => {
  it("answers a write once it is applied, and a get through ReadIndex with the value", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    const write = world.request("n1", put("x", "1"), { clientId: "c", sequence: 1 });
    expect(write.outcome).toBeNull();
    world.settle();
    expect(write.outcome).toEqual({ type: "ok", value: null });
    const read = world.request("n1", get("x"), { clientId: "c", sequence: 2 });
    expect(read.outcome).toBeNull();
    world.settle();
    expect(read.outcome).toEqual({ type: "ok", value: "1" });
  });

  it("refuses requests on a follower with not-leader and the leader as hint", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    const write = world.request("n2", put("x", "1"), { clientId: "c", sequence: 1 });
    const read = world.request("n2", get("x"), { clientId: "c", sequence: 2 });
    expect(write.outcome).toEqual({ type: "fail", reason: "not-leader", hint: "n1" });
    expect(read.outcome).toEqual({ type: "fail", reason: "not-leader", hint: "n1" });
  });

  it("applies a retried write once and gives the retry the first answer", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    world.request("n1", { f: "append", key: "x", value: "a" }, { clientId: "c", sequence: 1 });
    const retry = world.request(
      "n1",
      { f: "append", key: "x", value: "a" },
      { clientId: "c", sequence: 1 },
    );
    world.settle();
    expect(retry.outcome).toEqual({ type: "ok", value: null });
    expect(world.node("n1").replica.localValue("x")).toBe("a");
  });

  it("leaves a get on a cut-off leader unanswered, but with stale-local-read answers it from stale state", () => {
    for (const mutations of [[], ["stale-local-read"]]) {
      const world = new ReplicaWorld(["n1", "n2", "n3"], { mutations });
      world.elect("n1");
      world.request("n1", put("x", "old"), { clientId: "c", sequence: 1 });
      world.settle();
      world.isolate("n1");
      world.elect("n2");
      world.request("n2", put("x", "new"), { clientId: "c", sequence: 2 });
      world.settle();
      const read = world.request("n1", get("x"), { clientId: "r", sequence: 1 });
      world.settle();
      if (mutations.length === 0) expect(read.outcome).toBeNull();
      else expect(read.outcome).toEqual({ type: "ok", value: "old" });
    }
  });

  it("refuses new requests as overloaded once its bound on pending requests is reached", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"], { pendingRequestsMax: 5 });
    world.elect("n1");
    world.isolate("n1");
    const answers = [];
    for (let sequence = 1; sequence <= 6; sequence++) {
      answers.push(world.request("n1", put("x", "v"), { clientId: "c", sequence }));
    }
    expect(answers.at(-2)?.outcome).toBeNull();
    expect(answers.at(-1)?.outcome).toEqual({ type: "fail", reason: "overloaded" });
  });
});

describe("Replica: writes of a deposed leader", () => {
  /** n1 leads and takes a write while cut off; n2 leads the others and commits at that index. */
  function deposedWithPendingWrite(options: { retryAtNewLeader: boolean }) {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    world.isolate("n1");
    // Fillers first, so the pending write's index lies beyond where the new leader puts the retry.
    world.request("n1", put("f", "1"), { clientId: "filler", sequence: 1 });
    world.request("n1", put("f", "2"), { clientId: "filler", sequence: 2 });
    const pending = world.request("n1", put("x", "lost?"), { clientId: "c", sequence: 7 });
    world.settle();
    world.elect("n2");
    if (options.retryAtNewLeader) {
      world.request("n2", put("x", "lost?"), { clientId: "c", sequence: 7 });
    } else {
      world.request("n2", put("y", "other"), { clientId: "d", sequence: 1 });
      world.request("n2", put("z", "other"), { clientId: "d", sequence: 2 });
    }
    world.settle();
    // What the pending write had been told when n1 stepped down and when its entry was overwritten.
    const seen: Record<string, unknown> = {};
    world.node("n1").watch = (event) => {
      if (event.type === "role" && event.role === "follower") seen.atStepDown = pending.outcome;
      if (event.type === "truncate") seen.atTruncate = pending.outcome;
    };
    world.healAll();
    // Heartbeats make n1 step down; the leader's probes (paced by the core) then catch it up.
    for (let tick = 0; tick < 50; tick++) {
      world.node("n2").replica.tick();
      world.settle();
      const n1 = world.node("n1").replica.status();
      if (n1.appliedIndex >= world.node("n2").replica.status().commitIndex) break;
    }
    return { pending, seen, world };
  }

  it("answers unknown once another entry applies at its index, never merely for losing leadership", () => {
    const { pending, seen } = deposedWithPendingWrite({ retryAtNewLeader: false });
    expect(seen).toEqual({ atStepDown: null, atTruncate: null });
    expect(pending.outcome).toMatchObject({ type: "unknown" });
    expect((pending.outcome as { reason: string }).reason).toMatch(
      /^overwritten: index 4 committed an entry of term 2, not this request's of term 1/,
    );
  });

  it("answers ok when the same session write applies through a retry at the new leader", () => {
    const { pending, world } = deposedWithPendingWrite({ retryAtNewLeader: true });
    expect(pending.outcome).toEqual({ type: "ok", value: null });
    expect(world.node("n1").replica.localValue("x")).toBe("lost?");
  });
});

describe("Replica: bad input", () => {
  function statusOf(world: ReplicaWorld, id: string) {
    const { term, commitIndex, lastIndex, role, vote } = world.node(id).replica.status();
    return { term, commitIndex, lastIndex, role, vote };
  }

  it("rejects bytes that do not decode, naming the node, and keeps its state", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    const before = statusOf(world, "n2");
    expect(() => world.node("n2").replica.receiveBytes(new Uint8Array([250, 1, 2]))).toThrow(
      MessageRejectedError,
    );
    expect(() => world.node("n2").replica.receiveBytes(new Uint8Array([250, 1, 2]))).toThrow(
      /node n2 rejected a message: 3 bytes do not decode/,
    );
    expect(statusOf(world, "n2")).toEqual(before);
  });

  it("rejects a message from an unknown node, naming it, and keeps its state", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    const before = statusOf(world, "n2");
    const forged: Message = {
      type: "vote",
      from: "n9",
      to: "n2",
      term: 50,
      lastLogIndex: 99,
      lastLogTerm: 49,
    };
    expect(() => world.node("n2").replica.receiveBytes(encodeMessage(forged))).toThrow(
      /node n2 rejected a message: vote from n9/,
    );
    expect(statusOf(world, "n2")).toEqual(before);
  });

  it("rejects an append of an impossible shape (entries not following prevLogIndex) and keeps its state", () => {
    const world = new ReplicaWorld(["n1", "n2", "n3"]);
    world.elect("n1");
    const before = statusOf(world, "n2");
    const forged: Message = {
      type: "append",
      from: "n1",
      to: "n2",
      term: 1,
      prevLogIndex: 1,
      prevLogTerm: 1,
      commit: 1,
      entries: [{ index: 5, term: 1, data: new Uint8Array([1]) }],
    };
    expect(() => world.node("n2").replica.receive(forged)).toThrow(
      /node n2 rejected a message: append from n1/,
    );
    expect(statusOf(world, "n2")).toEqual(before);
  });

  it("rejects a client frame that does not decode", () => {
    const world = new ReplicaWorld(["n1"]);
    expect(() =>
      world.node("n1").replica.handleClientBytes(new Uint8Array([1, 2]), () => {}),
    ).toThrow(ClientFrameRejectedError);
  });
});

describe("Replica: restart", () => {
  it("restarts from storage alone, re-announces its log and re-applies what was committed", () => {
    const world = new ReplicaWorld(["n1"]);
    world.elect("n1");
    world.request("n1", put("x", "1"), { clientId: "c", sequence: 1 });
    world.settle();
    const stored = world.node("n1").storage.load();
    const restarted = world.boot("n1", stored);
    expect(restarted.events.filter((event) => event.type === "append").length).toBe(
      stored.entries.length,
    );
    restarted.replica.tick();
    world.settle();
    expect(restarted.replica.localValue("x")).toBe("1");
  });
});
