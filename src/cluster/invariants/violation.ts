/**
 * One broken Raft invariant found in the event stream. `node` is the node whose event revealed
 * it; `term` and `index` locate it when the rule concerns an entry or an election.
 */
export interface InvariantViolation {
  rule: InvariantRule;
  node: string;
  term?: number;
  index?: number;
  timeNs: number;
  message: string;
}

/**
 * The rules (DESIGN.md, "Events"):
 * - `election-safety`: at most one leader per term.
 * - `log-matching`: an entry is identified by (index, term): one hash and one predecessor ever,
 *   so two logs holding it hold the same prefix; terms never decrease along a log.
 * - `committed-entries-kept`: a node never truncates or overwrites an entry it knows committed,
 *   its commit index never decreases within a life, and two nodes never commit different entries
 *   at one index.
 * - `state-machine-safety`: every node applies the same entry at an index, the committed one,
 *   and the entry its own log holds there.
 * - `applied-index-monotonic`: a node applies 1, 2, 3, ... without gap or repeat; only a restart
 *   starts it again from its beginning.
 */
export type InvariantRule =
  | "election-safety"
  | "log-matching"
  | "committed-entries-kept"
  | "state-machine-safety"
  | "applied-index-monotonic";

export const INVARIANT_RULES: readonly InvariantRule[] = [
  "election-safety",
  "log-matching",
  "committed-entries-kept",
  "state-machine-safety",
  "applied-index-monotonic",
];
