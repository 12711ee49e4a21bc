import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { encodeFrame } from "../../raft/node/transport/frame.js";
import { waitUntil } from "../../raft/node/transport/test-support.js";
import { LinkProxy } from "./link-proxy.js";
import { noFaults } from "./proxy-faults.js";
import { connectSender, numbered, startSink } from "./proxy-test-support.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxiedLink(seed = 1, log?: (line: string) => void) {
  const sink = await startSink();
  cleanups.push(() => sink.server.close());
  const proxy = await LinkProxy.start({
    name: "n1->n2",
    upstreamPort: sink.server.port,
    seed,
    log,
  });
  cleanups.push(() => proxy.close());
  const sender = await connectSender(proxy.port);
  cleanups.push(() => sender.socket.destroy());
  return { sink, proxy, sender };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LinkProxy", () => {
  it("forwards every frame in order when no fault is set", async () => {
    const { sink, sender, proxy } = await proxiedLink();
    for (const text of numbered(200)) sender.send(text);
    await waitUntil(() => sink.arrivals.length === 200);
    expect(sink.texts()).toEqual(numbered(200));
    expect(proxy.stats()).toMatchObject({
      framesReceived: 200,
      framesForwarded: 200,
      framesDropped: 0,
    });
  });

  it("drops every frame while cut and forwards again once healed, on the same connection", async () => {
    const { sink, sender, proxy } = await proxiedLink();
    proxy.setFaults({ ...noFaults, cut: true });
    for (const text of ["lost1", "lost2"]) sender.send(text);
    await waitUntil(() => proxy.stats().framesReceived === 2);
    proxy.setFaults(noFaults);
    sender.send("after heal");
    await waitUntil(() => sink.arrivals.length === 1);
    await settle(20);
    expect(sink.texts()).toEqual(["after heal"]);
    expect(proxy.stats().framesDropped).toBe(2);
  });

  it("drops the same seed-chosen frames in every run with the same seed", async () => {
    const survivors: string[][] = [];
    for (const run of [1, 2]) {
      const { sink, sender, proxy } = await proxiedLink(42);
      proxy.setFaults({ ...noFaults, drop: 0.5 });
      for (const text of numbered(200)) sender.send(text);
      await waitUntil(() => proxy.stats().framesReceived === 200);
      await waitUntil(() => sink.arrivals.length === proxy.stats().framesForwarded);
      survivors[run - 1] = sink.texts();
    }
    expect(survivors[0]).toEqual(survivors[1]);
    expect(survivors[0]!.length).toBeGreaterThan(60);
    expect(survivors[0]!.length).toBeLessThan(140);
  });

  it("delivers every frame twice with duplicate 1", async () => {
    const { sink, sender, proxy } = await proxiedLink();
    proxy.setFaults({ ...noFaults, duplicate: 1 });
    for (const text of numbered(10)) sender.send(text);
    await waitUntil(() => sink.arrivals.length === 20);
    expect(sink.texts()).toEqual(numbered(10).flatMap((text) => [text, text]));
  });

  it("delays each frame within the range and keeps them in order", async () => {
    const { sink, sender, proxy } = await proxiedLink();
    proxy.setFaults({ ...noFaults, delayMs: [40, 60] });
    const sentAtMs = performance.now();
    for (const text of numbered(20)) sender.send(text);
    await waitUntil(() => sink.arrivals.length === 20);
    expect(sink.texts()).toEqual(numbered(20));
    const firstArrivalMs = Math.min(...sink.arrivals.map((arrival) => arrival.atMs));
    expect(firstArrivalMs - sentAtMs).toBeGreaterThanOrEqual(39);
    expect(proxy.stats().framesHeld).toBe(0);
  });

  it("lets later frames overtake reordered ones and loses none", async () => {
    const { sink, sender, proxy } = await proxiedLink(7);
    proxy.setFaults({ ...noFaults, reorder: 0.3, reorderHoldMs: 30 });
    for (const text of numbered(100)) sender.send(text);
    await waitUntil(() => sink.arrivals.length === 100);
    const arrived = sink.texts();
    expect([...arrived].sort()).toEqual(numbered(100).sort());
    expect(arrived).not.toEqual(numbered(100));
    expect(proxy.stats().framesReordered).toBeGreaterThan(10);
  });

  it("refuses connections while the receiving node is down and follows it to its new port", async () => {
    const { sink, sender, proxy } = await proxiedLink();
    proxy.setUpstreamPort(null);
    await sender.closed;
    const refused = await connectSender(proxy.port);
    await refused.closed;
    proxy.setUpstreamPort(sink.server.port);
    const again = await connectSender(proxy.port);
    cleanups.push(() => again.socket.destroy());
    again.send("back");
    await waitUntil(() => sink.arrivals.length === 1);
    expect(sink.texts()).toEqual(["back"]);
  });

  it("closes a connection that sends a garbled stream and logs why", async () => {
    const lines: string[] = [];
    const { sender } = await proxiedLink(1, (line) => lines.push(line));
    sender.socket.write(Buffer.from([0, 0, 0, 0]));
    await sender.closed;
    expect(lines.join("\n")).toMatch(/n1->n2: garbled stream from the sender: empty frame/);
  });

  it("stops reading from the sender while the receiver does not read, instead of buffering", async () => {
    const accepted: net.Socket[] = [];
    const stalled = net.createServer((socket) => {
      socket.pause(); // B accepts but never reads
      accepted.push(socket);
    });
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const stalledPort = (stalled.address() as net.AddressInfo).port;
    cleanups.push(() => {
      for (const socket of accepted) socket.destroy();
      return new Promise((resolve) => stalled.close(resolve));
    });
    const proxy = await LinkProxy.start({ name: "n1->n2", upstreamPort: stalledPort, seed: 1 });
    cleanups.push(() => proxy.close());
    const sender = await connectSender(proxy.port);
    cleanups.push(() => sender.socket.destroy());
    const frame = encodeFrame(Buffer.alloc(64 * 1024, 7));
    const frameCount = 1000; // 64 MiB: more than the kernel's socket buffers hold
    for (let index = 0; index < frameCount; index++) sender.socket.write(frame);
    await settle(300);
    expect(proxy.stats().framesReceived).toBeLessThan(frameCount);
    expect(sender.socket.writableLength).toBeGreaterThan(0);
  });

  it("holds back at most heldBytesMax of delayed frames and drops the rest, counted", async () => {
    const { sender, proxy } = await proxiedLink();
    proxy.setFaults({ ...noFaults, delayMs: [60_000, 60_000] });
    const frame = "x".repeat(200 * 1024);
    for (let index = 0; index < 40; index += 1) sender.send(frame);
    await waitUntil(() => proxy.stats().framesReceived === 40);
    const stats = proxy.stats();
    // 4 MiB holds 20 frames of 200 KiB; the other 20 are dropped, not held.
    expect(stats.framesHeld).toBe(20);
    expect(stats.framesDropped).toBe(20);
    expect(stats.bufferedBytes).toBeLessThanOrEqual(4 * 1024 * 1024 + 64 * 1024);
  });

  it("rejects faults outside their ranges", async () => {
    const { proxy } = await proxiedLink();
    expect(() => proxy.setFaults({ ...noFaults, drop: 1.5 })).toThrow(/drop must be a probability/);
    expect(() => proxy.setFaults({ ...noFaults, delayMs: [10, 5] })).toThrow(/delayMs/);
  });
});
