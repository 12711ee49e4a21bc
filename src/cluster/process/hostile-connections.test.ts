import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFrameBytesMax, peerFrameBytesMax } from "../../raft/node/transport/frame.js";
import { frameServerDefaults } from "../../raft/node/transport/frame-server.js";
import { loopbackHost } from "../../raft/node/transport/loopback.js";
import { linkProxyDefaults } from "./link-proxy.js";
import { createProcessCluster, type ProcessCluster } from "./process-cluster.js";
import { makeDataRoot, waitForLeader } from "./testing/kv-driver.js";

/**
 * A node's client and peer ports, and the link proxies, against connections that are not a
 * node or a client talking (docs/process-mode.md, "Bounds"): frames announced larger than the
 * protocol carries close their connection at the header, connections beyond the bound close on
 * arrival, what a node buffers stays within its bound, and every refusal is counted. Before,
 * 60 connections announcing 8 MiB frames raised a node from 54 MB to ~550 MB. Asserted by
 * counts and by the node's own figures, never by time.
 */

const eightMebibytes = 8 * 1024 * 1024;
const peerFrameMax = peerFrameBytesMax(64 * 1024);

interface Attacker {
  socket: net.Socket;
  closed: Promise<void>;
  isClosed(): boolean;
}

/** Connects to `port` and writes `bytes` once connected; resolves `closed` when the other side ends it. */
function attack(port: number, bytes: Uint8Array): Attacker {
  const socket = net.connect({ host: loopbackHost, port });
  let closed = false;
  socket.on("error", () => {});
  socket.resume();
  socket.on("connect", () => socket.write(bytes));
  const closedPromise = new Promise<void>((resolve) =>
    socket.on("close", () => {
      closed = true;
      resolve();
    }),
  );
  return { socket, closed: closedPromise, isClosed: () => closed };
}

/** A frame header announcing `length` bytes, followed by `sent` bytes of it. */
function announcing(length: number, sent = 1024): Buffer {
  const bytes = Buffer.alloc(4 + sent, 0x61);
  bytes.writeUInt32BE(length, 0);
  return bytes;
}

/** Waits, bounded by rounds, until at least `count` attackers were closed by the other side. */
async function closedAtLeast(attackers: readonly Attacker[], count: number): Promise<number> {
  const closed = () => attackers.filter((attacker) => attacker.isClosed()).length;
  for (let round = 0; round < 1000 && closed() < count; round += 1) {
    await cluster.clock.sleep(10);
  }
  return closed();
}

let root: ReturnType<typeof makeDataRoot>;
let cluster: ProcessCluster;

beforeAll(async () => {
  root = makeDataRoot("hostile");
  cluster = createProcessCluster({ seed: 21, nodes: 3, dataRoot: root.dataRoot });
  await cluster.start();
  await waitForLeader(cluster);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  root?.remove();
});

describe("hostile connections", () => {
  it("a node's peer and client ports close connections announcing 8 MiB frames at the header", async () => {
    const ports = cluster.nodePorts("n1");
    const attackers = [
      ...Array.from({ length: 30 }, () => attack(ports.peer as number, announcing(eightMebibytes))),
      ...Array.from({ length: 30 }, () =>
        attack(ports.client as number, announcing(eightMebibytes)),
      ),
    ];
    await Promise.all(attackers.map((attacker) => attacker.closed));
    const stats = await cluster.nodeTransportStats("n1");
    expect(stats.framesRejected + stats.connectionsRejected).toBe(60);
    expect(stats.bufferedBytes).toBe(0);
    // The cluster still serves: its own connections were never among those closed.
    const client = cluster.client("after-attack");
    const leader = await waitForLeader(cluster);
    const outcome = await client.call(
      { f: "put", key: "k", value: "v" },
      { node: leader, sequence: 1, timeoutMs: 5000 },
    );
    expect(outcome.type).toBe("ok");
  }, 60_000);

  it("a node holds at most its bound of connections and of partial-frame bytes", async () => {
    const port = cluster.nodePorts("n2").peer as number;
    const before = await cluster.nodeTransportStats("n2");
    // Frames as large as the protocol allows, each sent half: the most a node can be made to hold.
    const attackers = Array.from({ length: 50 }, () =>
      attack(port, announcing(peerFrameMax, peerFrameMax / 2)),
    );
    const closed = await closedAtLeast(attackers, 50 - frameServerDefaults.connectionsMax);
    const during = await cluster.nodeTransportStats("n2");
    const open = 50 - closed;
    // Up to two connections of the node's own peers share the bound.
    expect(open).toBeLessThanOrEqual(frameServerDefaults.connectionsMax);
    expect(during.connectionsRejected - before.connectionsRejected).toBeGreaterThanOrEqual(
      50 - frameServerDefaults.connectionsMax,
    );
    expect(during.bufferedBytes).toBeLessThanOrEqual(
      frameServerDefaults.connectionsMax * (peerFrameMax + 64 * 1024),
    );
    for (const attacker of attackers) attacker.socket.destroy();
  }, 60_000);

  it("a node's client port refuses idle connections beyond its bound", async () => {
    const port = cluster.nodePorts("n3").client as number;
    const before = await cluster.nodeTransportStats("n3");
    const attackers = Array.from({ length: 300 }, () => attack(port, new Uint8Array(0)));
    const closed = await closedAtLeast(attackers, 300 - frameServerDefaults.connectionsMax);
    expect(300 - closed).toBeLessThanOrEqual(frameServerDefaults.connectionsMax);
    const during = await cluster.nodeTransportStats("n3");
    expect(during.connectionsRejected - before.connectionsRejected).toBeGreaterThanOrEqual(closed);
    for (const attacker of attackers) attacker.socket.destroy();
  }, 60_000);

  it("a link proxy closes connections announcing 8 MiB frames and bounds its connections", async () => {
    const proxy = cluster.linkProxy({ from: "n1", to: "n2" });
    expect(proxy).not.toBeNull();
    const before = proxy!.stats();
    const attackers = Array.from({ length: 120 }, () =>
      attack(proxy!.port, announcing(eightMebibytes)),
    );
    await Promise.all(attackers.map((attacker) => attacker.closed));
    const after = proxy!.stats();
    expect(
      after.framesRejected -
        before.framesRejected +
        (after.connectionsRejected - before.connectionsRejected),
    ).toBe(120);
    expect(after.connections).toBeLessThanOrEqual(linkProxyDefaults.connectionsMax);
    expect(after.bufferedBytes).toBeLessThan(peerFrameMax);
  }, 60_000);

  it("client frames are bounded by what a request can be, and refused before sending", async () => {
    expect(clientFrameBytesMax).toBeLessThan(eightMebibytes);
    const leader = await waitForLeader(cluster);
    const outcome = await cluster
      .client("too-large")
      .call(
        { f: "put", key: "k", value: "x".repeat(clientFrameBytesMax) },
        { node: leader, sequence: 1, timeoutMs: 5000 },
      );
    expect(outcome.type).toBe("fail");
  }, 60_000);

  it("the refusals reach the cluster's figures once it has stopped", async () => {
    await cluster.stop();
    const figures = cluster.transportRejections();
    expect(figures.framesRejected).toBeGreaterThanOrEqual(120);
    expect(figures.connectionsRejected).toBeGreaterThan(0);
  }, 60_000);
});
