import type { LogFile } from "../log-storage.js";
import type { SyncCallback } from "../storage.js";

/** A LogFile in memory for tests: tracks the synced length; syncs complete on the next microtask. */
export class MemoryLogFile implements LogFile {
  bytes = new Uint8Array(0);
  syncedBytes = 0;

  read(): Uint8Array {
    return this.bytes.slice();
  }

  append(bytes: Uint8Array): void {
    const next = new Uint8Array(this.bytes.length + bytes.length);
    next.set(this.bytes);
    next.set(bytes, this.bytes.length);
    this.bytes = next;
  }

  truncate(length: number): void {
    this.bytes = this.bytes.slice(0, length);
    this.syncedBytes = Math.min(this.syncedBytes, length);
  }

  sync(done: SyncCallback): void {
    const length = this.bytes.length;
    queueMicrotask(() => {
      this.syncedBytes = Math.max(this.syncedBytes, length);
      done(null);
    });
  }
}
