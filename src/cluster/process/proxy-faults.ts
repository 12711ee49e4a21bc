import type { SeededRandom } from "./seeded-random.js";

/**
 * What a link proxy does to the frames it carries. Every fault acts on whole frames, never on
 * bytes, so a node sees lost, repeated, late or out-of-order messages but never a garbled one.
 */
export interface ProxyFaults {
  /** A partition: every frame is dropped. */
  cut: boolean;
  /** Probability that a frame is dropped. */
  drop: number;
  /** Probability that a frame is delivered twice. */
  duplicate: number;
  /** Probability that a frame is held back `reorderHoldMs` longer, so later frames overtake it. */
  reorder: number;
  /** Extra one-way delay, uniform in [min, max] ms. Delays alone keep frames in order. */
  delayMs: [number, number];
  /** How much longer a reordered frame is held; by default 20 ms beyond the largest delay. */
  reorderHoldMs: number | null;
}

export const noFaults: ProxyFaults = {
  cut: false,
  drop: 0,
  duplicate: 0,
  reorder: 0,
  delayMs: [0, 0],
  reorderHoldMs: null,
};

export function validateProxyFaults(faults: ProxyFaults): ProxyFaults {
  for (const name of ["drop", "duplicate", "reorder"] as const) {
    const probability = faults[name];
    if (!(probability >= 0 && probability <= 1)) {
      throw new Error(`${name} must be a probability in [0, 1], got ${probability}`);
    }
  }
  const [delayMin, delayMax] = faults.delayMs;
  if (!(delayMin >= 0 && delayMin <= delayMax && delayMax <= 60_000)) {
    throw new Error(
      `delayMs must be [min, max] with 0 <= min <= max <= 60000, got [${faults.delayMs}]`,
    );
  }
  if (
    faults.reorderHoldMs !== null &&
    !(faults.reorderHoldMs > 0 && faults.reorderHoldMs <= 60_000)
  ) {
    throw new Error(`reorderHoldMs must be in (0, 60000], got ${faults.reorderHoldMs}`);
  }
  return faults;
}

/** One copy of a frame to deliver: after `delayMs`, and whether it may be overtaken. */
export interface FrameCopy {
  delayMs: number;
  reordered: boolean;
}

/**
 * The fate of one frame: no copies (dropped), one, or two (duplicated). The random draws happen
 * in a fixed order whatever the faults, so changing one probability does not shift the stream
 * of decisions for the others.
 */
export function decideFrameFate(faults: ProxyFaults, random: SeededRandom): FrameCopy[] {
  const dropDraw = random.nextFloat();
  const duplicateDraw = random.nextFloat();
  const copies = duplicateDraw < faults.duplicate ? 2 : 1;
  const fate: FrameCopy[] = [];
  for (let copy = 0; copy < 2; copy++) {
    const delayMs = random.nextInRange(faults.delayMs[0], faults.delayMs[1]);
    const reordered = random.nextFloat() < faults.reorder;
    if (copy < copies) fate.push({ delayMs, reordered });
  }
  if (faults.cut || dropDraw < faults.drop) return [];
  return fate;
}

export function reorderHoldMs(faults: ProxyFaults): number {
  return faults.reorderHoldMs ?? faults.delayMs[1] + 20;
}
