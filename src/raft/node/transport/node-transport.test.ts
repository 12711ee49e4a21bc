import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame } from "./frame.js";
import { FrameServer } from "./frame-server.js";
import { NodeTransport } from "./node-transport.js";
import { PeerSender } from "./peer-sender.js";
import { unusedPort, waitUntil } from "./test-support.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(port = 0, log?: (line: string) => void) {
  const received: string[] = [];
  const server = await FrameServer.start({
    name: "receiver",
    port,
    log,
    onFrame: (payload) => {
      const text = Buffer.from(payload).toString();
      if (text === "poison") throw new Error("cannot decode poison");
      received.push(text);
    },
  });
  cleanups.push(() => server.close());
  return { server, received };
}

describe("NodeTransport", () => {
  it("delivers messages between nodes in order, each node dialling its peers", async () => {
    const inbox: Record<string, string[]> = { n1: [], n2: [] };
    const [portOne, portTwo] = [await unusedPort(), await unusedPort()];
    const start = (nodeId: string, listenPort: number, peer: string, peerPort: number) =>
      NodeTransport.start({
        nodeId,
        listenPort,
        peers: { [peer]: { host: "127.0.0.1", port: peerPort } },
        onMessage: (payload) => inbox[nodeId]!.push(Buffer.from(payload).toString()),
      });
    const one = await start("n1", portOne, "n2", portTwo);
    cleanups.push(() => one.close());
    const two = await start("n2", portTwo, "n1", portOne);
    cleanups.push(() => two.close());
    for (let index = 0; index < 100; index++) one.send("n2", Buffer.from(`a${index}`));
    two.send("n1", Buffer.from("reply"));
    await waitUntil(() => inbox.n2!.length === 100 && inbox.n1!.length === 1);
    expect(inbox.n2).toEqual(Array.from({ length: 100 }, (_, index) => `a${index}`));
    expect(inbox.n1).toEqual(["reply"]);
    expect(() => one.send("n9", Buffer.from("x"))).toThrow(/unknown peer n9/);
  });

  it("refuses to listen outside loopback", async () => {
    await expect(
      FrameServer.start({ name: "x", port: 0, host: "0.0.0.0", onFrame: () => {} }),
    ).rejects.toThrow(/loopback only/);
  });

  it("reports a taken port as EADDRINUSE", async () => {
    const { server } = await receiver();
    await expect(
      FrameServer.start({ name: "x", port: server.port, onFrame: () => {} }),
    ).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});

describe("PeerSender", () => {
  it("reconnects with backoff once the peer appears, keeping only the newest frames", async () => {
    const port = await unusedPort();
    const sender = new PeerSender({
      peer: "n2",
      address: { host: "127.0.0.1", port },
      backoff: { initialMs: 5, maxMs: 20 },
      queueFramesMax: 3,
    });
    cleanups.push(() => sender.close());
    for (let index = 0; index < 10; index++) sender.send(Buffer.from(`m${index}`));
    await waitUntil(() => sender.stats().connectFailures >= 2);
    const { received } = await receiver(port);
    await waitUntil(() => received.length === 3);
    expect(received).toEqual(["m7", "m8", "m9"]);
    expect(sender.stats()).toMatchObject({ framesDropped: 7, framesSent: 3, connects: 1 });
  });

  it("reconnects after the peer restarts and follows a new address", async () => {
    const first = await receiver();
    const sender = new PeerSender({
      peer: "n2",
      address: { host: "127.0.0.1", port: first.server.port },
      backoff: { initialMs: 5, maxMs: 20 },
    });
    cleanups.push(() => sender.close());
    sender.send(Buffer.from("before"));
    await waitUntil(() => first.received.length === 1);
    await first.server.close();
    const second = await receiver(first.server.port);
    await waitUntil(() => sender.stats().connects === 2);
    sender.send(Buffer.from("after restart"));
    await waitUntil(() => second.received.length === 1);
    const third = await receiver();
    sender.setAddress({ host: "127.0.0.1", port: third.server.port });
    sender.send(Buffer.from("moved"));
    await waitUntil(() => third.received.length === 1);
    expect([second.received, third.received]).toEqual([["after restart"], ["moved"]]);
  });
});

describe("PeerSender backoff", () => {
  it("backs off against a listener that accepts and closes at once", async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const sender = new PeerSender({
      peer: "n2",
      address: { host: "127.0.0.1", port: (server.address() as net.AddressInfo).port },
      backoff: { initialMs: 10, maxMs: 100 },
    });
    cleanups.push(() => sender.close());
    await new Promise((resolve) => setTimeout(resolve, 400));
    // 10, 20, 40, 80, 100, 100 ms: about six attempts, not forty at the initial delay.
    expect(sender.stats().connects).toBeGreaterThanOrEqual(2);
    expect(sender.stats().connects).toBeLessThanOrEqual(8);
  });
});

describe("FrameServer", () => {
  async function rawConnection(port: number) {
    const socket = net.connect({ host: "127.0.0.1", port });
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.on("error", () => {});
    return { socket, closed };
  }

  it("closes a connection that sends an oversize frame and logs why", async () => {
    const lines: string[] = [];
    const { server, received } = await receiver(0, (line) => lines.push(line));
    const { socket, closed } = await rawConnection(server.port);
    socket.write(encodeFrame(Buffer.from("fine")));
    socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    await closed;
    expect(received).toEqual(["fine"]);
    expect(lines.join("\n")).toMatch(/closing connection 1: frame of 4294967295 bytes exceeds/);
  });

  it("closes a connection whose frame the handler cannot decode, keeping the others", async () => {
    const lines: string[] = [];
    const { server, received } = await receiver(0, (line) => lines.push(line));
    const bad = await rawConnection(server.port);
    const good = await rawConnection(server.port);
    bad.socket.write(encodeFrame(Buffer.from("poison")));
    await bad.closed;
    good.socket.write(encodeFrame(Buffer.from("still here")));
    await waitUntil(() => received.length === 1);
    expect(received).toEqual(["still here"]);
    expect(lines.join("\n")).toMatch(/cannot decode poison/);
    good.socket.destroy();
  });
});
