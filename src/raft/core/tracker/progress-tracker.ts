import { quorumMatchIndex, type VoteOutcome, voteOutcome } from "../quorum/majority.js";
import type { ProgressStatus } from "../results.js";
import type { NodeId } from "../types.js";
import { Progress } from "./progress.js";

/**
 * What a node tracks of the other voters (etcd's tracker.ProgressTracker): as leader, one
 * Progress per follower; as candidate, the votes received. The voters are fixed for the node's
 * life until membership changes exist.
 */
export class ProgressTracker {
  /** The other voters, in configuration order. */
  readonly followers: readonly NodeId[];
  /** Leader: the progress of every follower, in `followers` order; empty in other roles. */
  private progressOfFollowers: Progress[] = [];
  /** Candidate: the votes received, granted or refused, including its own. */
  private readonly votes = new Map<NodeId, boolean>();

  constructor(
    self: NodeId,
    readonly voters: readonly NodeId[],
  ) {
    this.followers = voters.filter((voter) => voter !== self);
  }

  get voterCount(): number {
    return this.voters.length;
  }

  /** Leader: every follower starts probing at `next`. */
  startProgress(options: { next: number; maxInflightMessages: number; maxInflightBytes: number }) {
    this.progressOfFollowers = this.followers.map((follower) => new Progress(follower, options));
  }

  /** The progress of `follower`; only a leader asks, and it tracks every follower. */
  progress(follower: NodeId): Progress {
    const progress = this.progressOfFollowers.find((each) => each.follower === follower);
    if (progress === undefined) throw new Error(`no progress tracked for ${follower}`);
    return progress;
  }

  /** Every follower's progress, in configuration order. */
  allProgress(): readonly Progress[] {
    return this.progressOfFollowers;
  }

  /** The highest index a majority holds, counting the leader's own last index. */
  committedIndex(leaderLastIndex: number): number {
    const matches = [leaderLastIndex];
    for (const progress of this.progressOfFollowers) matches.push(progress.match);
    return quorumMatchIndex(matches);
  }

  recordVote(voter: NodeId, granted: boolean): void {
    this.votes.set(voter, granted);
  }

  voteOutcome(): VoteOutcome {
    return voteOutcome(this.votes, this.voterCount);
  }

  /** Leaving a role forgets what it tracked. */
  reset(): void {
    this.progressOfFollowers = [];
    this.votes.clear();
  }

  statuses(): Record<NodeId, ProgressStatus> {
    const statuses: Record<NodeId, ProgressStatus> = {};
    for (const progress of this.progressOfFollowers) {
      statuses[progress.follower] = progress.status();
    }
    return statuses;
  }
}
