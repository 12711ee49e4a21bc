/** Votes or acknowledgements needed among `voterCount` voters: a strict majority. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The highest index that a majority of voters hold, given each voter's match index
 * (etcd's quorum.MajorityConfig.CommittedIndex): the largest index held by a majority, found by
 * counting (a handful of voters).
 */
export function quorumMatchIndex(matchIndexes: readonly number[]): number {
  const needed = majority(matchIndexes.length);
  let highest = 0;
  for (const candidate of matchIndexes) {
    if (candidate <= highest) continue;
    let holders = 0;
    for (const match of matchIndexes) if (match >= candidate) holders++;
    if (holders >= needed) highest = candidate;
  }
  return highest;
}

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
