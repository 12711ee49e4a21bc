import { describe, expect, it } from "vitest";
import { checkInvariants, InvariantChecker } from "./invariant-checker.js";
import { EventScript } from "./testing/event-script.js";

function violationsOf(script: EventScript) {
  return checkInvariants(script.events);
}

function rulesOf(script: EventScript): string[] {
  return violationsOf(script).map((violation) => violation.rule);
}

/** Leader n1 of term 1 writes entries 1..3, replicates them to n2 and n3, and all apply them. */
function committedStart(): EventScript {
  const script = new EventScript().role("n1", "leader", 1);
  for (const node of ["n1", "n2", "n3"]) {
    script
      .appendAll(node, 1, [1, 1, 1])
      .persist(node, { term: 1, commit: 0, lastIndex: 3, synced: true });
  }
  for (const node of ["n1", "n2", "n3"]) script.commit(node, 3).applyAll(node, 1, [1, 1, 1]);
  return script;
}

describe("election safety", () => {
  it("reports two different leaders of one term, naming the second node and the term", () => {
    const script = new EventScript()
      .role("n1", "leader", 2)
      .role("n2", "candidate", 2)
      .role("n2", "leader", 2);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "election-safety", node: "n2", term: 2, timeNs: 3000 }),
    ]);
  });

  it("accepts one leader per term, and a leader that restarts and later leads a new term", () => {
    const script = new EventScript()
      .role("n1", "leader", 1)
      .role("n2", "follower", 1)
      .role("n1", "leader", 1)
      .role("n2", "leader", 2)
      .crash("n1", { loseUnsynced: true })
      .restart("n1")
      .role("n1", "follower", 1)
      .role("n1", "leader", 3);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("log matching", () => {
  it("reports two nodes holding one (index, term) with different hashes", () => {
    const script = new EventScript().append("n1", 1, 1, "a").append("n2", 1, 1, "b");
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "log-matching", node: "n2", index: 1, term: 1 }),
    ]);
  });

  it("reports one entry held after different predecessors: the prefixes differ", () => {
    const script = new EventScript().appendAll("n1", 1, [1, 2, 3]).appendAll("n2", 1, [1, 1, 3]);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "log-matching", node: "n2", index: 3, term: 3 }),
    ]);
  });

  it("reports terms decreasing along a log", () => {
    const script = new EventScript().appendAll("n1", 1, [2, 1]);
    expect(rulesOf(script)).toEqual(["log-matching"]);
  });

  it("accepts a follower whose uncommitted conflicting suffix is truncated and replaced", () => {
    const script = new EventScript()
      .role("n1", "leader", 1)
      .appendAll("n1", 1, [1, 1, 1])
      .appendAll("n2", 1, [1, 1, 1])
      .role("n3", "leader", 2)
      .appendAll("n3", 1, [1, 2])
      .truncate("n2", 2)
      .appendAll("n2", 2, [2, 2])
      .append("n1", 2, 2)
      .commit("n3", 2)
      .commit("n2", 2);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("committed entries are kept", () => {
  it("reports a truncation at or below the node's commit index", () => {
    const script = committedStart().truncate("n2", 3);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "committed-entries-kept", node: "n2", index: 3 }),
    ]);
  });

  it("reports a truncation at or below the durable commit index after a lose-unsynced restart", () => {
    const script = new EventScript()
      .appendAll("n2", 1, [1, 1, 1])
      .persist("n2", { term: 1, commit: 2, lastIndex: 3, synced: true })
      .commit("n2", 2)
      .crash("n2", { loseUnsynced: true })
      .restart("n2")
      .truncate("n2", 2);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "committed-entries-kept", node: "n2", index: 2 }),
    ]);
  });

  it("accepts truncating entries above the durable commit after a lose-unsynced restart", () => {
    const script = new EventScript()
      .appendAll("n2", 1, [1, 1, 1])
      .persist("n2", { term: 1, commit: 1, lastIndex: 3, synced: true })
      .commit("n2", 1)
      .commit("n2", 2)
      .persist("n2", { term: 1, commit: 2, lastIndex: 3, synced: false })
      .crash("n2", { loseUnsynced: true })
      .restart("n2")
      .truncate("n2", 3)
      .append("n2", 3, 2);
    expect(rulesOf(script)).toEqual([]);
  });

  it("reports an append that replaces a committed entry with another", () => {
    const script = committedStart().append("n3", 2, 2);
    expect(violationsOf(script)).toContainEqual(
      expect.objectContaining({ rule: "committed-entries-kept", node: "n3", index: 2, term: 2 }),
    );
  });

  it("reports two nodes committing different entries at one index", () => {
    const script = new EventScript()
      .appendAll("n1", 1, [1, 1])
      .commit("n1", 2)
      .appendAll("n2", 1, [1, 2])
      .commit("n2", 2);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "committed-entries-kept", node: "n2", index: 2 }),
    ]);
  });

  it("reports a commit index that goes back within a node's life", () => {
    const script = committedStart().commit("n1", 2);
    expect(rulesOf(script)).toEqual(["committed-entries-kept"]);
  });

  it("accepts unsynced entries lost by a crash and replaced by others after restart", () => {
    const script = new EventScript()
      .appendAll("n2", 1, [1])
      .persist("n2", { term: 1, commit: 1, lastIndex: 1, synced: true })
      .commit("n2", 1)
      .appendAll("n2", 2, [1, 1])
      .crash("n2", { loseUnsynced: true })
      .restart("n2")
      .appendAll("n2", 2, [2, 2])
      .commit("n2", 3)
      .applyAll("n2", 1, [1, 2, 2]);
    expect(rulesOf(script)).toEqual([]);
  });

  it("accepts a lagging node appending a stale entry at an index committed elsewhere", () => {
    const script = new EventScript()
      .appendAll("n1", 1, [1, 1])
      .appendAll("n3", 1, [1])
      .appendAll("n2", 1, [1, 2])
      .commit("n2", 2)
      .applyAll("n2", 1, [1, 2])
      .append("n3", 2, 1)
      .truncate("n3", 2)
      .append("n3", 2, 2)
      .commit("n3", 2)
      .applyAll("n3", 1, [1, 2]);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("state machine safety", () => {
  it("reports two nodes applying different entries at one index", () => {
    const script = committedStart().restart("n3", { wiped: true }).apply("n3", 1, 2);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "state-machine-safety", node: "n3", index: 1 }),
    ]);
  });

  it("reports an apply, anywhere, that differs from an entry a node committed", () => {
    const script = new EventScript().appendAll("n1", 1, [1]).commit("n1", 1).apply("n3", 1, 2);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "state-machine-safety", node: "n3", index: 1 }),
    ]);
  });

  it("reports a node applying an entry its own log does not hold there", () => {
    const script = new EventScript().appendAll("n1", 1, [1]).commit("n1", 0).apply("n1", 1, 2);
    const violations = violationsOf(script);
    expect(violations.map((violation) => violation.rule)).toContain("state-machine-safety");
    expect(violations[0]?.message).toMatch(/its log holds e1t1/);
  });

  it("accepts every node applying the same entries, and a restarted node applying them again", () => {
    const script = committedStart()
      .crash("n2")
      .restart("n2")
      .appendAll("n2", 1, [1, 1, 1])
      .commit("n2", 3)
      .applyAll("n2", 1, [1, 1, 1]);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("applied index never goes backwards", () => {
  it("reports an index applied twice in one life", () => {
    const script = committedStart().apply("n1", 3, 1);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "applied-index-monotonic", node: "n1", index: 3 }),
    ]);
  });

  it("reports a skipped index", () => {
    const script = new EventScript().appendAll("n1", 1, [1, 1]).commit("n1", 2).apply("n1", 2, 1);
    expect(violationsOf(script)).toEqual([
      expect.objectContaining({ rule: "applied-index-monotonic", node: "n1", index: 2 }),
    ]);
  });

  it("accepts a restart that re-applies from index 1", () => {
    const script = committedStart().crash("n1").restart("n1").applyAll("n1", 1, [1, 1, 1]);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("crashes and restarts", () => {
  it("ignores events from a node between its crash and its restart", () => {
    const checker = new InvariantChecker();
    const script = committedStart()
      .crash("n1")
      .apply("n1", 1, 9)
      .role("n1", "leader", 1)
      .restart("n1");
    for (const event of script.events) checker.observe(event);
    expect(checker.violations()).toEqual([]);
    expect(checker.ignoredEventCount).toBe(2);
  });

  it("keeps durable knowledge across a crash: a re-append of a different synced entry is a conflict", () => {
    const script = committedStart()
      .persist("n2", { term: 1, commit: 3, lastIndex: 3, synced: true })
      .crash("n2", { loseUnsynced: true })
      .restart("n2")
      .append("n2", 2, 2);
    expect(rulesOf(script)).toContain("committed-entries-kept");
  });

  it("accepts a wiped node rebuilding a log different from the one it lost", () => {
    const script = new EventScript()
      .appendAll("n3", 1, [1, 1])
      .persist("n3", { term: 1, commit: 2, lastIndex: 2, synced: true })
      .commit("n3", 2)
      .crash("n3")
      .restart("n3", { wiped: true })
      .appendAll("n3", 1, [1, 1])
      .commit("n3", 2)
      .applyAll("n3", 1, [1, 1]);
    expect(rulesOf(script)).toEqual([]);
  });

  it("accepts a full story: a leader crash losing unsynced entries, a new leader, catch-up and re-apply", () => {
    const script = committedStart()
      // n1 appends entries 4 and 5 of term 1 but crashes before syncing them.
      .appendAll("n1", 4, [1, 1])
      .crash("n1", { loseUnsynced: true })
      .role("n2", "candidate", 2)
      .role("n2", "leader", 2)
      .appendAll("n2", 4, [2, 2])
      .persist("n2", { term: 2, commit: 3, lastIndex: 5, synced: true })
      .appendAll("n3", 4, [2, 2])
      .persist("n3", { term: 2, commit: 3, lastIndex: 5, synced: true })
      .commit("n2", 5)
      .applyAll("n2", 4, [2, 2])
      .restart("n1")
      .role("n1", "follower", 2)
      .append("n1", 4, 2)
      .append("n1", 5, 2)
      .commit("n1", 5)
      .applyAll("n1", 1, [1, 1, 1, 2, 2])
      .commit("n3", 5)
      .applyAll("n3", 4, [2, 2]);
    expect(rulesOf(script)).toEqual([]);
  });
});

describe("the checker's bounds", () => {
  it("keeps at most violationsMax violations and counts the rest", () => {
    const checker = new InvariantChecker({ violationsMax: 2 });
    const script = new EventScript();
    for (let node = 1; node <= 5; node++) script.role(`n${node}`, "leader", 7);
    for (const event of script.events) checker.observe(event);
    expect(checker.violations()).toHaveLength(2);
    expect(checker.violationCount).toBe(4);
  });

  it("rejects an event whose index is not a positive integer, naming the node", () => {
    const checker = new InvariantChecker();
    expect(() =>
      checker.observe({ timeNs: 1, node: "n4", type: "append", index: 0, term: 1, entryHash: "x" }),
    ).toThrow(/append event of n4: index 0/);
  });

  it("checks a long legal run of 90,000 events without a violation", () => {
    const checker = new InvariantChecker();
    const nodes = ["n1", "n2", "n3"];
    let timeNs = 0;
    for (let index = 1; index <= 10_000; index++) {
      const term = 1 + Math.floor(index / 2500);
      for (const node of nodes) {
        timeNs++;
        checker.observe({ timeNs, node, type: "append", index, term, entryHash: `h${index}` });
        checker.observe({ timeNs, node, type: "commit", index });
        checker.observe({ timeNs, node, type: "apply", index, term, entryHash: `h${index}` });
      }
    }
    expect(checker.violations()).toEqual([]);
    expect(checker.eventCount).toBe(90_000);
    expect(checker.committedIndexMax).toBe(10_000);
  });
});
