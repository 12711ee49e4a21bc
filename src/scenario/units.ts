/**
 * Durations and sizes as people write them in scenarios and on the command line:
 * `500ms`, `5s`, `2m`, `1h`, `250us`; `64KiB`, `2GiB`, `100MB`. Parsing is strict: a number
 * followed directly by a known unit; anything else is an error that names the accepted forms.
 */

const durationUnitsMs: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const sizeUnitsBytes: Record<string, number> = {
  B: 1,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

export class UnitParseError extends Error {
  readonly exitCode = 64;
  override name = "UnitParseError";
}

const quantityPattern = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/;

/** Parses `500ms`, `5s`, `1.5m` into milliseconds. */
export function parseDurationMs(text: string): number {
  const match = quantityPattern.exec(text.trim());
  const unitMs = match ? durationUnitsMs[match[2] as string] : undefined;
  if (!match || unitMs === undefined) {
    throw new UnitParseError(
      `'${text}' is not a duration: write a number with a unit, e.g. 500ms, 5s, 2m (units: us, ms, s, m, h)`,
    );
  }
  return Number(match[1]) * unitMs;
}

/** Parses `2GiB`, `512MiB`, `100MB`, `4096B` into bytes. */
export function parseSizeBytes(text: string): number {
  const match = quantityPattern.exec(text.trim());
  const unitBytes = match ? sizeUnitsBytes[match[2] as string] : undefined;
  if (!match || unitBytes === undefined) {
    throw new UnitParseError(
      `'${text}' is not a size: write a number with a unit, e.g. 512MiB, 2GiB (units: B, KB, MB, GB, KiB, MiB, GiB)`,
    );
  }
  return Math.round(Number(match[1]) * unitBytes);
}

/** Formats milliseconds the way people read them: 850ms, 2.5s, 3m10s. */
export function formatDurationMs(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)}ms`;
  if (durationMs < 60_000) return `${Number((durationMs / 1000).toFixed(2))}s`;
  const minutes = Math.floor(durationMs / 60_000);
  const seconds = Math.round((durationMs % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}
