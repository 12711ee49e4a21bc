/**
 * "Did you mean" for misspelt keys and values. Names are compared first loosely (case, `-` and
 * `_` ignored, so `lose_unsynced` finds `loseUnsynced`), then by optimal string alignment
 * distance (Levenshtein plus swapping two neighbours), accepting about one edit in three letters.
 */

const longestComparedLength = 64;

function loose(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, "");
}

/** Edits (insert, delete, substitute, swap neighbours) turning `left` into `right`. */
export function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const substitution = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        table[row - 1]![column]! + 1,
        table[row]![column - 1]! + 1,
        table[row - 1]![column - 1]! + substitution,
      );
      const swapped =
        row > 1 &&
        column > 1 &&
        left[row - 1] === right[column - 2] &&
        left[row - 2] === right[column - 1];
      if (swapped) best = Math.min(best, table[row - 2]![column - 2]! + 1);
      table[row]![column] = best;
    }
  }
  return table[left.length]![right.length]!;
}

/** The candidate nearest to `name`, or null when none is close enough to be a likely typo. */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  if (name.length > longestComparedLength) return null;
  const looseName = loose(name);
  const looseMatch = candidates.find((candidate) => loose(candidate) === looseName);
  if (looseMatch !== undefined) return looseMatch;
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.length > longestComparedLength) continue;
    const distance = editDistance(looseName, loose(candidate));
    const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= allowed && (best === null || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate ?? null;
}
