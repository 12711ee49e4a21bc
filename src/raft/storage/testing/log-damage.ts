import { isDeepStrictEqual } from "node:util";
import { recordHeaderBytes } from "../log-records.js";
import { recoverLog } from "../log-recovery.js";
import type { StoredState } from "../storage.js";

/**
 * Damage to the bytes of one file of a node's stored state, for the damage tests: what a bad
 * disk, a stray write or an operator might do, as opposed to what a crash does.
 * `apply` returns the damaged bytes, or null for "the file is deleted".
 */
export interface Damage {
  name: string;
  apply: (bytes: Uint8Array) => Uint8Array | null;
}

/** Whether to try every damage (RAFTCTL_TEST_FULL=1, `npm run test:slow`) or a sample. */
export const fullDamageSweep = process.env.RAFTCTL_TEST_FULL === "1";

/**
 * Every damage of a log file: every bit of every record's length field and checksum, bits in
 * each body, runs of zeros, the file cut at every byte, extended with zeros, garbage or copies
 * of its own records, and deleted. Record starts come from the undamaged bytes.
 */
export function logDamages(bytes: Uint8Array): Damage[] {
  const starts = recordStarts(bytes);
  const damages: Damage[] = [];
  for (const [position, start] of starts.entries()) {
    const end = starts[position + 1] ?? bytes.length;
    for (let bit = 0; bit < 32; bit++) {
      damages.push(flipBit(`length bit ${bit} of the record at ${start}`, start, bit));
      damages.push(flipBit(`checksum bit ${bit} of the record at ${start}`, start + 4, bit));
    }
    const bodyStart = start + recordHeaderBytes;
    for (const offset of new Set([bodyStart, bodyStart + 8, (bodyStart + end) >> 1, end - 1])) {
      for (const bit of [0, 3, 7])
        damages.push(flipBit(`body bit ${bit} at ${offset}`, offset, bit));
    }
    damages.push(zeroRun(`the record at ${start} zeroed`, start, end));
    damages.push(zeroRun(`the header at ${start} zeroed`, start, start + recordHeaderBytes));
    damages.push(zeroRun(`zeros from ${start} to the end`, start, bytes.length));
  }
  damages.push(...fileDamages(bytes));
  for (const [position, start] of [starts[0], starts.at(-1)].entries()) {
    if (start === undefined) continue;
    const end = position === 0 ? (starts[1] ?? bytes.length) : bytes.length;
    damages.push(extend(`extended by a copy of the record at ${start}`, bytes.slice(start, end)));
  }
  return damages;
}

/**
 * Every bit flipped, the file cut at every byte, extended, and deleted: for any small file.
 * `offsets` narrows the flips and cuts to the bytes that hold something (default: all).
 */
export function smallFileDamages(
  bytes: Uint8Array,
  offsets: (offset: number) => boolean = () => true,
): Damage[] {
  const damages: Damage[] = [];
  for (let offset = 0; offset < bytes.length; offset++) {
    if (!offsets(offset)) continue;
    for (let bit = 0; bit < 8; bit++) damages.push(flipBit(`bit ${bit} at ${offset}`, offset, bit));
  }
  damages.push(...fileDamages(bytes, offsets));
  return damages;
}

/** The file cut at every byte, extended with zeros and garbage, and deleted. */
function fileDamages(
  bytes: Uint8Array,
  offsets: (offset: number) => boolean = () => true,
): Damage[] {
  const damages: Damage[] = [];
  for (let length = 0; length < bytes.length; length++) {
    if (!offsets(length)) continue;
    damages.push({
      name: `cut to ${length} bytes`,
      apply: (original) => original.slice(0, length),
    });
  }
  for (const count of [1, 7, 8, 4096]) {
    damages.push(extend(`extended by ${count} zero bytes`, new Uint8Array(count)));
  }
  damages.push(extend("extended by 100 bytes of garbage", garbage(100)));
  damages.push({ name: "deleted", apply: () => null });
  return damages;
}

/** A deterministic sample of `damages`: every one when sweeping in full, else about `count`. */
export function sampleDamages(damages: Damage[], count: number): Damage[] {
  if (fullDamageSweep || damages.length <= count) return damages;
  const stride = damages.length / count;
  return Array.from({ length: count }, (_, index) => damages[Math.floor(index * stride)]!);
}

/** The offsets where the whole records of an undamaged log start. */
export function recordStarts(bytes: Uint8Array): number[] {
  const starts: number[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + recordHeaderBytes <= bytes.length; ) {
    starts.push(offset);
    offset += recordHeaderBytes + view.getUint32(offset, true);
  }
  return starts;
}

function flipBit(name: string, offset: number, bit: number): Damage {
  return {
    name,
    apply: (original) => {
      const damaged = original.slice();
      if (offset < damaged.length) damaged[offset]! ^= 1 << bit;
      return damaged;
    },
  };
}

function zeroRun(name: string, from: number, to: number): Damage {
  return {
    name,
    apply: (original) => {
      const damaged = original.slice();
      damaged.fill(0, from, to);
      return damaged;
    },
  };
}

function extend(name: string, tail: Uint8Array): Damage {
  return {
    name,
    apply: (original) => {
      const damaged = new Uint8Array(original.length + tail.length);
      damaged.set(original);
      damaged.set(tail, original.length);
      return damaged;
    },
  };
}

/** Bytes from a fixed linear congruential sequence: the same garbage every run. */
function garbage(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  let state = 12345;
  for (let index = 0; index < count; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** What recovering a damaged log may end as; anything else fails the test. */
export type DamageOutcome = "identical" | "cut-after-last-fsync" | "refused-files-unchanged";

/**
 * The states a recovery may end in without losing anything an fsync covered: the state of the
 * undamaged log cut at any record boundary at or after `syncedBytes` (the first is identical
 * recovery, the others cuts confined to what was written after the last fsync).
 */
export function acceptableStates(walBytes: Uint8Array, syncedBytes: number): StoredState[] {
  const boundaries = [...recordStarts(walBytes), walBytes.length].filter(
    (boundary) => boundary >= syncedBytes,
  );
  return boundaries
    .reverse()
    .map((boundary) => recoverLog(walBytes.slice(0, boundary), "reference", syncedBytes).state);
}

/** Classifies a recovered state against `acceptableStates`; null when it is none of them. */
export function classifyRecovered(
  recovered: StoredState,
  acceptable: StoredState[],
): DamageOutcome | null {
  const match = acceptable.findIndex((state) => isDeepStrictEqual(state, recovered));
  if (match < 0) return null;
  return match === 0 ? "identical" : "cut-after-last-fsync";
}

/** Outcome counts of a damage sweep, for the test's output and the report. */
export class DamageTally {
  readonly counts: Record<DamageOutcome, number> = {
    identical: 0,
    "cut-after-last-fsync": 0,
    "refused-files-unchanged": 0,
  };
  tried = 0;

  add(outcome: DamageOutcome): void {
    this.tried += 1;
    this.counts[outcome] += 1;
  }

  summary(label: string): string {
    return `${label}: ${this.tried} damaged logs tried (${fullDamageSweep ? "full sweep" : "sample"}): ${this.counts.identical} identical, ${this.counts["cut-after-last-fsync"]} cut after the last fsync, ${this.counts["refused-files-unchanged"]} refused with files unchanged`;
  }
}
