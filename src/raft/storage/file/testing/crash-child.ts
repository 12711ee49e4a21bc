/**
 * A tiny node stand-in for the crash tests: it makes entries 1–5 durable, writes entries 6–10
 * without syncing, then (by its mode) flushes them to the OS, tears them, or leaves them in its
 * memory; prints one JSON line and waits to be SIGKILLed. It ends by itself when its stdin
 * closes, so a dying test leaves no process behind.
 *   argv: <data directory> <"flush" | "lose" | "tear">
 */
import type { Entry } from "../../../core/types.js";
import { FileStorage } from "../file-storage.js";

const [dataDirectory, mode] = process.argv.slice(2);
if (dataDirectory === undefined || !["flush", "lose", "tear"].includes(mode ?? "")) {
  throw new Error("usage: crash-child <data directory> <flush|lose|tear>");
}

const crashChildEntry = (index: number): Entry => ({
  index,
  term: 1,
  data: new Uint8Array(100).fill(index),
});

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, offset) => crashChildEntry(from + offset));

const storage = FileStorage.open(dataDirectory);
storage.append(range(1, 5));
storage.saveHardState({ term: 1, vote: "n1", commit: 0 });
await new Promise<void>((resolve, reject) =>
  storage.sync((error) => (error ? reject(error) : resolve())),
);
storage.append(range(6, 10));
storage.saveHardState({ term: 1, vote: "n1", commit: 5 });
const pendingBytes = storage.pendingBytes;
let tear: { writtenBytes: number; discardedBytes: number } | null = null;
if (mode === "flush") await storage.flushToOs();
if (mode === "tear") tear = await storage.tear((pending) => Math.floor(pending / 2));
process.stdout.write(`${JSON.stringify({ ready: true, pendingBytes, tear })}\n`);
const keepAlive = setInterval(() => {}, 60_000);
process.stdin.on("close", () => clearInterval(keepAlive));
process.stdin.resume();
