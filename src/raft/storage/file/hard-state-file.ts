import fs from "node:fs";
import path from "node:path";
import type { HardState } from "../../core/types.js";
import { encodeRecords } from "../log-records.js";
import { recoverLog } from "../log-recovery.js";
import { LogCorruptionError } from "../recovery-errors.js";
import { emptyHardState } from "../storage.js";
import { fsyncDirectory, fsyncFd, writeAll } from "./fs-calls.js";
import { writeFileSyncedNow } from "./write-synced.js";

/** The steps of an atomic replacement, in order; a test may "crash" after any of them. */
export type HardStateWriteStep = "temp-written" | "temp-synced" | "renamed" | "directory-synced";

export interface HardStateFileOptions {
  /** Called after each step; throwing there stands for the process dying at that point. */
  afterStep?: (step: HardStateWriteStep) => void;
}

/**
 * The hard state (term, vote, commit) in its own small file, replaced atomically: write a temp
 * file, fsync it, rename it over the old one, fsync the directory. A crash at any point leaves
 * either the old file or the new one, never a mix; a leftover temp file is deleted on open.
 * The content is one record of the shared log format (length + CRC-32C), so damage is detected.
 */
export class HardStateFile {
  readonly path: string;
  private readonly tempPath: string;

  constructor(
    readonly directory: string,
    private readonly options: HardStateFileOptions = {},
  ) {
    this.path = path.join(directory, "hard-state");
    this.tempPath = path.join(directory, "hard-state.tmp");
  }

  /** Reads the saved hard state (empty when never saved); throws LogCorruptionError if damaged. */
  load(): HardState {
    this.removeLeftoverTemp();
    return this.read() ?? { ...emptyHardState };
  }

  /** The saved hard state, or null when there is no file. Changes nothing; throws if damaged. */
  read(): HardState | null {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    // An atomically replaced file is never torn: all of it counts as synced, so any partial
    // content is damage.
    const recovered = recoverLog(bytes, this.path, bytes.length);
    if (recovered.records !== 1 || recovered.state.entries.length > 0) {
      const detail = `expected one hard-state record, found ${recovered.records} records`;
      throw new LogCorruptionError(this.path, 0, detail);
    }
    return recovered.state.hardState;
  }

  /** Deletes a temp file left by a save a crash interrupted. */
  removeLeftoverTemp(): void {
    fs.rmSync(this.tempPath, { force: true });
  }

  /** As `save`, synchronously (creating a data directory, before the node runs). */
  saveNow(hardState: HardState): void {
    writeFileSyncedNow(this.tempPath, encodeRecords([{ kind: "hard-state", hardState }]), "w");
    fs.renameSync(this.tempPath, this.path);
  }

  /** Replaces the file atomically and durably. */
  async save(hardState: HardState): Promise<void> {
    await this.writeTemp(hardState, { sync: true });
    fs.renameSync(this.tempPath, this.path);
    this.options.afterStep?.("renamed");
    await fsyncDirectory(this.directory);
    this.options.afterStep?.("directory-synced");
  }

  /**
   * Replaces the file without any fsync: the OS has it, so it survives a process kill but not a
   * machine crash (used when the harness flushes unsynced writes to the OS before a plain crash).
   */
  async saveToOs(hardState: HardState): Promise<void> {
    await this.writeTemp(hardState, { sync: false });
    fs.renameSync(this.tempPath, this.path);
    this.options.afterStep?.("renamed");
  }

  private async writeTemp(hardState: HardState, options: { sync: boolean }): Promise<void> {
    const bytes = encodeRecords([{ kind: "hard-state", hardState }]);
    const handle = await fs.promises.open(this.tempPath, "w", 0o644);
    try {
      await writeAll(handle.fd, bytes, 0);
      this.options.afterStep?.("temp-written");
      if (options.sync) {
        await fsyncFd(handle.fd);
        this.options.afterStep?.("temp-synced");
      }
    } finally {
      await handle.close();
    }
  }
}
