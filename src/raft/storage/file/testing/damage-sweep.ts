import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { RecoveryRefusedError } from "../../recovery-errors.js";
import {
  acceptableStates,
  classifyRecovered,
  type Damage,
  DamageTally,
  logDamages,
  sampleDamages,
  smallFileDamages,
} from "../../testing/log-damage.js";
import { FileStorage } from "../file-storage.js";
import {
  isInSyncedLengthSlot,
  SyncedLengthFile,
  syncedLengthFileName,
} from "../synced-length-file.js";
import { tornTailNumbers } from "../torn-tail-files.js";

/** A hash of every file in `directory`, by name. */
export function hashFiles(directory: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const name of fs.readdirSync(directory).sort()) {
    const bytes = fs.readFileSync(path.join(directory, name));
    hashes[name] = crypto.createHash("sha256").update(bytes).digest("hex");
  }
  return hashes;
}

export interface DamageTarget {
  file: string;
  damages: Damage[];
}

/**
 * Applies each damage to a copy of the data directory `base` (under `scratch`), opens it, and
 * asserts the outcome is identical recovery, a cut confined to what no fsync covered (the cut
 * bytes kept beside the log), or a refusal (a RecoveryRefusedError) with every file unchanged;
 * a deleted file's refusal must say it is missing. Returns the outcomes counted.
 */
export async function damageSweep(
  base: string,
  targets: DamageTarget[],
  scratch: string,
): Promise<DamageTally> {
  const walBytes = new Uint8Array(fs.readFileSync(path.join(base, "wal.log")));
  const synced = SyncedLengthFile.read(path.join(base, syncedLengthFileName))!;
  const acceptable = acceptableStates(walBytes, synced.syncedBytes);
  const reference = FileStorage.open(copyOf(base, scratch, "reference"));
  const referenceState = reference.load();
  await reference.close();
  const tally = new DamageTally();
  let caseNumber = 0;
  for (const { file, damages } of targets) {
    for (const damage of damages) {
      const directory = copyOf(base, scratch, `case-${caseNumber++}`);
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

function copyOf(base: string, scratch: string, name: string): string {
  const directory = path.join(scratch, name);
  fs.rmSync(directory, { recursive: true, force: true });
  fs.cpSync(base, directory, { recursive: true });
  return directory;
}

/**
 * The damages to try on a data directory: its WAL's, its hard-state file's and its
 * synced-length record's, each a sample of about the count given (all of them in a full sweep).
 */
export function dataDirectoryDamages(
  directory: string,
  samples: { wal: number; hardState: number; syncedLength: number },
): DamageTarget[] {
  const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(directory, name)));
  return [
    { file: "wal.log", damages: sampleDamages(logDamages(read("wal.log")), samples.wal) },
    {
      file: "hard-state",
      damages: sampleDamages(smallFileDamages(read("hard-state")), samples.hardState),
    },
    {
      file: syncedLengthFileName,
      damages: sampleDamages(
        smallFileDamages(read(syncedLengthFileName), isInSyncedLengthSlot),
        samples.syncedLength,
      ),
    },
  ];
}
