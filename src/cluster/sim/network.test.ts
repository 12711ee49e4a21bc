import { describe, expect, it } from "vitest";
import { Rng } from "../../raft/random/rng.js";
import { SimNetwork } from "./network.js";
import { Scheduler } from "./scheduler.js";

interface Arrival {
  from: string;
  to: string;
  payload: number;
  timeNs: number;
}

function world(seed = 1) {
  const scheduler = new Scheduler();
  const arrivals: Arrival[] = [];
  const network = new SimNetwork({
    scheduler,
    rng: Rng.fromSeed(seed).split("network"),
    nodes: ["a", "b", "c"],
    delay: { minMs: 1, maxMs: 5 },
    reorderDelayMsMax: 20,
    deliver: (from, to, bytes) =>
      arrivals.push({ from, to, payload: bytes[0]!, timeNs: scheduler.nowNs }),
  });
  const run = () => {
    while (scheduler.runInstant() > 0);
  };
  const sendMany = (from: string, to: string, count: number) => {
    for (let payload = 0; payload < count; payload++)
      network.send(from, to, new Uint8Array([payload]));
  };
  return { scheduler, network, arrivals, run, sendMany };
}

describe("SimNetwork", () => {
  it("delivers every message once, in order per link, within the delay range", () => {
    const { network, arrivals, run, sendMany } = world();
    sendMany("a", "b", 50);
    run();
    expect(arrivals.map((arrival) => arrival.payload)).toEqual([...Array(50).keys()]);
    for (const arrival of arrivals) {
      expect(arrival.timeNs).toBeGreaterThanOrEqual(1e6);
      expect(arrival.timeNs).toBeLessThanOrEqual(5e6);
    }
    expect(network.stats).toMatchObject({ sent: 50, delivered: 50, bytesSent: 50 });
  });
  it("lets reordered messages be overtaken", () => {
    const { network, arrivals, run, sendMany } = world();
    network.setLinkFaults({ reorder: 0.5 });
    sendMany("a", "b", 50);
    run();
    const payloads = arrivals.map((arrival) => arrival.payload);
    expect(payloads).not.toEqual([...payloads].sort((x, y) => x - y));
    expect([...payloads].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
  });
  it("drops about the configured share and duplicates about the configured share", () => {
    const { network, arrivals, run, sendMany } = world();
    network.setLinkFaults({ drop: 0.2, duplicate: 0.1 });
    sendMany("a", "b", 2000);
    run();
    expect(network.stats.droppedByFault / 2000).toBeGreaterThan(0.17);
    expect(network.stats.droppedByFault / 2000).toBeLessThan(0.23);
    expect(arrivals.length).toBe(2000 - network.stats.droppedByFault + network.stats.duplicated);
    expect(network.stats.duplicated / 1600).toBeGreaterThan(0.08);
  });
  it("cuts links between groups both ways and leaves links inside a group", () => {
    const { network, arrivals, run } = world();
    network.partition({ groups: [["a"], ["b", "c"]] });
    for (const [from, to] of [
      ["a", "b"],
      ["b", "a"],
      ["b", "c"],
      ["c", "a"],
    ] as const) {
      network.send(from, to, new Uint8Array([0]));
    }
    run();
    expect(arrivals.map((arrival) => `${arrival.from}${arrival.to}`)).toEqual(["bc"]);
    expect(network.stats.droppedByPartition).toBe(3);
  });
  it("puts nodes no group names together in one more group", () => {
    const { network } = world();
    network.partition({ groups: [["a"]] });
    expect(network.isCut("b", "c")).toBe(false);
    expect(network.isCut("b", "a")).toBe(true);
  });
  it("cuts only the named direction of a one-way link cut", () => {
    const { network } = world();
    network.partition({ links: [{ from: "a", to: "b" }] });
    expect(network.isCut("a", "b")).toBe(true);
    expect(network.isCut("b", "a")).toBe(false);
    network.heal();
    expect(network.isCut("a", "b")).toBe(false);
  });
  it("loses messages in flight on a link cut before they arrive", () => {
    const { network, arrivals, run, sendMany } = world();
    sendMany("a", "b", 5);
    network.partition({ links: [{ from: "a", to: "b" }] });
    run();
    expect(arrivals).toEqual([]);
  });
  it("applies faults set for named links only to those links", () => {
    const { network, arrivals, run, sendMany } = world();
    network.setLinkFaults({ drop: 1 }, [{ from: "a", to: "b" }]);
    sendMany("a", "b", 3);
    sendMany("b", "a", 3);
    run();
    expect(arrivals.every((arrival) => arrival.from === "b")).toBe(true);
    expect(arrivals.length).toBe(3);
  });
  it("keeps the baseline faults under later settings, and restores them on {}", () => {
    const scheduler = new Scheduler();
    let arrivals = 0;
    const network = new SimNetwork({
      scheduler,
      rng: Rng.fromSeed(1),
      nodes: ["a", "b"],
      delay: { minMs: 1, maxMs: 1 },
      reorderDelayMsMax: 0,
      baseline: { drop: 1 },
      deliver: () => arrivals++,
    });
    const sendAndRun = () => {
      network.send("a", "b", new Uint8Array(1));
      while (scheduler.runInstant() > 0);
    };
    network.setLinkFaults({ duplicate: 1 });
    sendAndRun();
    expect(arrivals).toBe(0);
    network.setLinkFaults({ drop: 0 });
    sendAndRun();
    expect(arrivals).toBe(1);
    network.setLinkFaults({});
    sendAndRun();
    expect(arrivals).toBe(1);
  });
  it("adds a fault's extra delay to the base delay", () => {
    const { network, arrivals, run, sendMany } = world();
    network.setLinkFaults({ delayMs: [100, 100] });
    sendMany("a", "c", 3);
    run();
    for (const arrival of arrivals) expect(arrival.timeNs).toBeGreaterThanOrEqual(101e6);
  });
  it("refuses an unknown node, a node in two groups and a probability above 1", () => {
    const { network } = world();
    expect(() => network.send("a", "z", new Uint8Array(1))).toThrow(/no node 'z'/);
    expect(() => network.partition({ groups: [["a"], ["a", "b"]] })).toThrow(/more than one group/);
    expect(() => network.setLinkFaults({ drop: 1.5 })).toThrow(/probability in \[0, 1\]/);
  });
  it("delivers at the same times for the same seed, and different times for another", () => {
    const times = (seed: number) => {
      const { arrivals, run, sendMany } = world(seed);
      sendMany("a", "b", 20);
      run();
      return arrivals.map((arrival) => arrival.timeNs);
    };
    expect(times(4)).toEqual(times(4));
    expect(times(4)).not.toEqual(times(5));
  });
});
