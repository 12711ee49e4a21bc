import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BufferedFile, FileStoppedError } from "./buffered-file.js";
import { makeTempDirectory } from "./testing/temp-directory.js";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function openTempFile(options: { syncLatency?: () => number } = {}) {
  const temp = makeTempDirectory("buffered");
  const filePath = path.join(temp.directory, "data");
  const file = BufferedFile.open(filePath, options);
  cleanups.push(temp.remove, () => file.close());
  return { file, onDisk: () => fs.readFileSync(filePath).toString() };
}

const bytes = (text: string) => Buffer.from(text);

describe("BufferedFile", () => {
  it("keeps writes in memory until sync writes and fsyncs them", async () => {
    const { file, onDisk } = openTempFile();
    file.write(bytes("abc"));
    expect(onDisk()).toBe("");
    expect([file.pendingBytes, file.osBytes, file.syncedBytes]).toEqual([3, 0, 0]);
    await file.sync();
    expect(onDisk()).toBe("abc");
    expect([file.pendingBytes, file.osBytes, file.syncedBytes]).toEqual([0, 3, 3]);
  });

  it("hands pending bytes to the OS on flushToOs without counting them as synced", async () => {
    const { file, onDisk } = openTempFile();
    file.write(bytes("abc"));
    await file.flushToOs();
    expect(onDisk()).toBe("abc");
    expect([file.osBytes, file.syncedBytes]).toEqual([3, 0]);
    await file.sync();
    expect(file.syncedBytes).toBe(3);
  });

  it("writes only a prefix on tear, then drops later writes and refuses to sync", async () => {
    const { file, onDisk } = openTempFile();
    file.write(bytes("synced|"));
    await file.sync();
    file.write(bytes("torn-write"));
    expect(await file.tear(4)).toEqual({ writtenBytes: 4, discardedBytes: 6 });
    file.write(bytes("after"));
    await expect(file.sync()).rejects.toBeInstanceOf(FileStoppedError);
    await expect(file.flushToOs()).rejects.toThrow(/torn after 4 of 10 unsynced bytes/);
    expect(onDisk()).toBe("synced|torn");
  });

  it("reports a sync through its callback as well", async () => {
    const { file } = openTempFile();
    file.write(bytes("x"));
    const error = await new Promise((resolve) => file.sync(resolve));
    expect(error).toBeNull();
    expect(file.syncedBytes).toBe(1);
  });

  it("on a slow disk, completes a sync no sooner than its drawn latency, its bytes unsynced until then", async () => {
    const latencyMs = 80;
    let draws = 0;
    const { file, onDisk } = openTempFile({
      syncLatency: () => {
        draws += 1;
        return latencyMs;
      },
    });
    file.write(bytes("abc"));
    const startedMs = performance.now();
    let done = false;
    const synced = file.sync().then(() => {
      done = true;
    });
    await new Promise((resolve) => setTimeout(resolve, latencyMs / 2));
    // The real write and fdatasync are done by now, yet the sync is not.
    expect(onDisk()).toBe("abc");
    expect([done, file.osBytes, file.syncedBytes]).toEqual([false, 3, 0]);
    await synced;
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(latencyMs);
    expect(file.syncedBytes).toBe(3);
    expect(draws).toBe(1);
  });

  it("reads back disk and pending bytes, and truncates only at rest", async () => {
    const { file, onDisk } = openTempFile();
    file.write(bytes("hello"));
    await file.sync();
    file.write(bytes(" world"));
    expect(Buffer.from(file.read()).toString()).toBe("hello world");
    expect(() => file.truncate(2)).toThrow(/unsynced writes pending/);
    await file.sync();
    file.truncate(4);
    expect(onDisk()).toBe("hell");
    expect(file.size).toBe(4);
  });

  it("ends with exactly the bytes written, however writes, flushes and syncs interleave", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 8 }),
            fc.constant("<sync>"),
            fc.constant("<flush>"),
          ),
          {
            maxLength: 30,
          },
        ),
        async (steps) => {
          const { file, onDisk } = openTempFile();
          const operations: Promise<void>[] = [];
          for (const step of steps) {
            if (step === "<sync>") operations.push(file.sync());
            else if (step === "<flush>") operations.push(file.flushToOs());
            else file.write(bytes(step));
          }
          operations.push(file.sync());
          await Promise.all(operations);
          const written = steps.filter((step) => step !== "<sync>" && step !== "<flush>").join("");
          expect(onDisk()).toBe(written);
          expect(file.syncedBytes).toBe(Buffer.byteLength(written));
        },
      ),
      { numRuns: 30 },
    );
  });
});
