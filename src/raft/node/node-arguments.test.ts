import { describe, expect, it } from "vitest";
import { formatNodeArguments, type NodeArguments, parseNodeArguments } from "./node-arguments.js";

const example: NodeArguments = {
  id: "n2",
  members: ["n1", "n2", "n3"],
  peerAddresses: { n1: { host: "127.0.0.1", port: 4001 }, n3: { host: "127.0.0.2", port: 4003 } },
  peerPort: 0,
  clientPort: 0,
  dataDirectory: "/tmp/run/nodes/n2/data",
  tickMs: 50,
  clockRate: 1.5,
  electionTicks: 10,
  heartbeatTicks: 1,
  seed: 4_000_000_000,
  mutations: ["ack-before-fsync", "commit-prior-term"],
  maxInflightMessages: 64,
  maxInflightBytes: null,
  maxMessageBytes: 65_536,
  syncLatencyMs: [1, 40.5],
  events: false,
};

const replaced = (flag: string, value: string) => {
  const argv = formatNodeArguments(example);
  argv[argv.indexOf(flag) + 1] = value;
  return argv;
};

describe("the node program's argument vector", () => {
  it("reads back exactly what the harness wrote", () => {
    expect(parseNodeArguments(formatNodeArguments(example))).toEqual(example);
    const withEvents = { ...example, events: true, mutations: [], maxMessageBytes: null };
    expect(parseNodeArguments(formatNodeArguments(withEvents))).toEqual(withEvents);
    const realDisk = { ...example, syncLatencyMs: [0, 0] as [number, number] };
    expect(parseNodeArguments(formatNodeArguments(realDisk))).toEqual(realDisk);
  });

  it("adds no sync latency when the harness gives none", () => {
    const argv = formatNodeArguments(example);
    const at = argv.indexOf("--sync-latency-ms");
    const withoutLatency = argv.filter((_, index) => index !== at && index !== at + 1);
    expect(parseNodeArguments(withoutLatency).syncLatencyMs).toEqual([0, 0]);
  });

  it("refuses a peer address outside 127.0.0.0/8", () => {
    expect(() => parseNodeArguments(replaced("--peer", "n1=10.0.0.1:4001"))).toThrow(
      /not on 127\.0\.0\.0\/8/,
    );
  });

  it("refuses a member without an address, and a node that is not a member", () => {
    const argv = formatNodeArguments(example);
    const withoutN3 = argv.filter(
      (_, index) =>
        index !== argv.lastIndexOf("--peer") && index !== argv.lastIndexOf("--peer") + 1,
    );
    expect(() => parseNodeArguments(withoutN3)).toThrow("no --peer address for n3");
    expect(() => parseNodeArguments(replaced("--members", "n1,n3"))).toThrow(
      "--members must include --id n2",
    );
  });

  it("names the flag whose value is wrong", () => {
    expect(() => parseNodeArguments(replaced("--tick-ms", "0"))).toThrow(
      "--tick-ms must be a positive number, got '0'",
    );
    expect(() => parseNodeArguments(replaced("--election-ticks", "ten"))).toThrow(
      "--election-ticks must be an integer",
    );
    expect(() => parseNodeArguments(replaced("--members", "n1,../n2"))).toThrow(/node name/);
    expect(() => parseNodeArguments(replaced("--sync-latency-ms", "40,1"))).toThrow(
      "--sync-latency-ms: sync latency must satisfy 0 <= min <= max",
    );
    expect(() => parseNodeArguments(replaced("--sync-latency-ms", "5ms"))).toThrow(
      "--sync-latency-ms: expected <min>,<max>, got '5ms'",
    );
    expect(() => parseNodeArguments([...formatNodeArguments(example), "--verbose"])).toThrow(
      /verbose/,
    );
  });
});
