import { describe, expect, it } from "vitest";
import { seededRandom } from "../cluster/rng.js";
import type { NodeStatus } from "../cluster/types.js";
import { chooseTargets, currentLeader } from "./targets.js";

const nodes = ["n1", "n2", "n3", "n4", "n5"];

function status(node: string, overrides: Partial<NodeStatus> = {}): NodeStatus {
  return {
    node,
    up: true,
    paused: false,
    role: "follower",
    term: 1,
    commitIndex: 0,
    leader: null,
    ...overrides,
  };
}

describe("currentLeader", () => {
  it("takes the running leader with the highest term, ignoring stale, crashed and paused ones", () => {
    expect(
      currentLeader([
        status("n1", { role: "leader", term: 3 }),
        status("n2", { role: "leader", term: 5 }),
        status("n3", { role: "leader", term: 9, up: false }),
        status("n4", { role: "leader", term: 8, paused: true }),
      ]),
    ).toBe("n2");
    expect(currentLeader([status("n1"), status("n2", { role: "candidate" })])).toBeNull();
  });
});

describe("chooseTargets", () => {
  const choose = (target: string, eligible = nodes, leader: string | null = "n3", seed = 1) =>
    chooseTargets(target, { nodes, eligible, leader, random: seededRandom(seed) });

  it("hits the leader only while it is eligible", () => {
    expect(choose("leader")).toEqual(["n3"]);
    expect(choose("leader", ["n1", "n2"])).toEqual([]);
    expect(choose("leader", nodes, null)).toEqual([]);
  });

  it("draws a minority of one or two of five and a majority of three, from eligible nodes only", () => {
    const sizes = new Set<number>();
    for (let seed = 1; seed <= 30; seed += 1) {
      const minority = choose("random-minority", nodes, "n1", seed);
      sizes.add(minority.length);
      expect(minority.length).toBeLessThanOrEqual(2);
      expect(choose("majority", nodes, "n1", seed)).toHaveLength(3);
      expect(choose("random", ["n4", "n5"], "n1", seed)[0]).toMatch(/n4|n5/);
    }
    expect([...sizes].sort()).toEqual([1, 2]);
    expect(choose("majority", ["n2", "n5"])).toEqual(["n2", "n5"]);
  });

  it("takes all eligible nodes, or a named node when it is eligible", () => {
    expect(choose("all", ["n2", "n4"])).toEqual(["n2", "n4"]);
    expect(choose("n4")).toEqual(["n4"]);
    expect(choose("n4", ["n1"])).toEqual([]);
  });
});
