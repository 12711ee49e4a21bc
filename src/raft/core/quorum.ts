/** Votes or acknowledgements needed among `voterCount` voters: a strict majority. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The highest index that a majority of voters hold, given each voter's match index
 * (etcd's quorum.MajorityConfig.CommittedIndex).
 */
export function quorumMatchIndex(matchIndexes: readonly number[]): number {
  const count = matchIndexes.length;
  if (count === 0) return 0;
  // The k-th largest for k = majority: an insertion sort into a reused array. This runs on every
  // append response, for a handful of voters; sorting a fresh copy each time was measurable.
  const sorted = count <= scratchVotersMax ? scratchMatches : new Array<number>(count);
  for (let position = 0; position < count; position++) {
    const value = matchIndexes[position]!;
    let slot = position;
    while (slot > 0 && sorted[slot - 1]! < value) {
      sorted[slot] = sorted[slot - 1]!;
      slot--;
    }
    sorted[slot] = value;
  }
  return sorted[majority(count) - 1]!;
}

const scratchVotersMax = 16;
const scratchMatches = new Array<number>(scratchVotersMax).fill(0);

export type VoteOutcome = "won" | "lost" | "pending";

/** The election's outcome so far, from the votes received (granted or refused) per voter. */
export function voteOutcome(votes: ReadonlyMap<string, boolean>, voterCount: number): VoteOutcome {
  let granted = 0;
  let refused = 0;
  for (const vote of votes.values()) {
    if (vote) granted++;
    else refused++;
  }
  const needed = majority(voterCount);
  if (granted >= needed) return "won";
  if (refused > voterCount - needed) return "lost";
  return "pending";
}
