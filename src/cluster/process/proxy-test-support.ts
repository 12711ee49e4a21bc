import net from "node:net";
import { encodeFrame } from "../../raft/node/transport/frame.js";
import { FrameServer } from "../../raft/node/transport/frame-server.js";

/** A stand-in for node B: records each frame's text and when it arrived. */
export async function startSink() {
  const arrivals: { text: string; atMs: number }[] = [];
  const server = await FrameServer.start({
    name: "sink",
    port: 0,
    onFrame: (payload) =>
      arrivals.push({ text: Buffer.from(payload).toString(), atMs: performance.now() }),
  });
  return { server, arrivals, texts: () => arrivals.map((arrival) => arrival.text) };
}

/** A stand-in for node A's connection to the proxy. */
export async function connectSender(port: number) {
  const socket = net.connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  await new Promise((resolve) => socket.once("connect", resolve));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    closed,
    send: (text: string) => socket.write(encodeFrame(Buffer.from(text))),
  };
}

export const numbered = (count: number) => Array.from({ length: count }, (_, index) => `m${index}`);
