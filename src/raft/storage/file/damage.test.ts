import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Entry } from "../../core/types.js";
import { RecoveryRefusedError } from "../recovery-errors.js";
import {
  acceptableStates,
  classifyRecovered,
  type Damage,
  DamageTally,
  logDamages,
  sampleDamages,
  smallFileDamages,
} from "../testing/log-damage.js";
import { FileStorage } from "./file-storage.js";
import { SyncedLengthFile, syncedLengthFileName } from "./synced-length-file.js";
import { makeTempDirectory } from "./testing/temp-directory.js";
import { tornTailNumbers } from "./torn-tail-files.js";

const temp = makeTempDirectory("damage");
afterAll(() => temp.remove());

const entry = (index: number, term: number, size: number): Entry => ({
  index,
  term,
  data: new Uint8Array(size).fill(index),
});

const sync = (storage: FileStorage) =>
  new Promise<void>((resolve, reject) =>
    storage.sync((error) => (error ? reject(error) : resolve())),
  );

/**
 * A data directory as a crash leaves it: three synced batches (a suffix rewritten in the
 * second), a new term and vote, a commit index behind the log, then two batches written to the
 * OS but never fsynced (one rewriting a suffix again).
 */
async function writeBaseDirectory(directory: string): Promise<void> {
  const storage = FileStorage.open(directory);
  storage.append([entry(1, 1, 3), entry(2, 1, 40), entry(3, 1, 0)]);
  storage.saveHardState({ term: 1, vote: "n1", commit: 1 });
  await sync(storage);
  storage.append([entry(3, 2, 12), entry(4, 2, 200)]);
  storage.saveHardState({ term: 2, vote: "n2", commit: 3 });
  await sync(storage);
  storage.append([entry(5, 2, 1), entry(6, 2, 70)]);
  await sync(storage);
  storage.append([entry(7, 2, 5)]);
  storage.append([entry(7, 3, 9), entry(8, 3, 33)]);
  await storage.tear((pending) => pending); // every unsynced byte reaches the OS, no fsync
  await storage.close();
}

/** A hash of every file in `directory`, by name. */
function hashFiles(directory: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of fs.readdirSync(directory).sort()) {
    const bytes = fs.readFileSync(path.join(directory, name));
    hashes[name] = crypto.createHash("sha256").update(bytes).digest("hex");
  }
  return hashes;
}

interface Target {
  file: string;
  damages: Damage[];
}

async function sweep(base: string, targets: Target[]): Promise<DamageTally> {
  const walBytes = new Uint8Array(fs.readFileSync(path.join(base, "wal.log")));
  const synced = SyncedLengthFile.read(path.join(base, syncedLengthFileName))!;
  expect(synced.syncedBytes).toBeLessThan(walBytes.length); // the base has an unsynced tail
  const acceptable = acceptableStates(walBytes, synced.syncedBytes);
  const reference = FileStorage.open(copyOf(base, "reference"));
  const referenceState = reference.load();
  await reference.close();
  const tally = new DamageTally();
  let caseNumber = 0;
  for (const { file, damages } of targets) {
    for (const damage of damages) {
      const directory = copyOf(base, `case-${caseNumber++}`);
      const filePath = path.join(directory, file);
      const damaged = damage.apply(new Uint8Array(fs.readFileSync(filePath)));
      if (damaged === null) fs.rmSync(filePath);
      else fs.writeFileSync(filePath, damaged);
      const before = hashFiles(directory);
      const what = `${file} ${damage.name}`;
      let storage: FileStorage;
      try {
        storage = FileStorage.open(directory);
      } catch (error) {
        if (!(error instanceof RecoveryRefusedError)) throw new Error(`${what}: ${error}`);
        expect(hashFiles(directory), `${what}: refused but changed files`).toEqual(before);
        if (damaged === null) expect(error.message, what).toContain(`${filePath} is missing`);
        tally.add("refused-files-unchanged");
        fs.rmSync(directory, { recursive: true });
        continue;
      }
      const loaded = storage.load();
      const tornBytesCut = storage.recovery.tornBytesCut;
      await storage.close();
      expect(loaded.hardState, `${what}: hard state`).toEqual(referenceState.hardState);
      const outcome = classifyRecovered(
        { hardState: acceptable[0]!.hardState, entries: loaded.entries },
        acceptable,
      );
      expect(outcome, `${what}: lost a record an fsync covered, or changed one`).not.toBeNull();
      if (tornBytesCut > 0) expect(tornTailNumbers(directory), what).toHaveLength(1);
      tally.add(outcome!);
      fs.rmSync(directory, { recursive: true });
    }
  }
  return tally;
}

function copyOf(base: string, name: string): string {
  const directory = path.join(temp.directory, name);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.cpSync(base, directory, { recursive: true });
  return directory;
}

describe("a damaged data directory (real files, real fsync)", () => {
  it("recovers identically, cuts only what no fsync covered, or refuses with every file unchanged", async () => {
    const base = path.join(temp.directory, "base");
    await writeBaseDirectory(base);
    const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(base, name)));
    const targets: Target[] = [
      { file: "wal.log", damages: sampleDamages(logDamages(read("wal.log")), 70) },
      { file: "hard-state", damages: sampleDamages(smallFileDamages(read("hard-state")), 15) },
      {
        file: syncedLengthFileName,
        damages: sampleDamages(smallFileDamages(read(syncedLengthFileName)), 15),
      },
    ];
    const tally = await sweep(base, targets);
    console.log(tally.summary("file storage"));
    expect(tally.counts["refused-files-unchanged"]).toBeGreaterThan(0);
    expect(tally.counts["cut-after-last-fsync"]).toBeGreaterThan(0);
    expect(tally.counts.identical).toBeGreaterThan(0);
  }, 600_000);
});
