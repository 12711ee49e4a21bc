import { describe, expect, it } from "vitest";
import { seededRandom } from "../../cluster/rng.js";
import type { NodeName, PartitionSpec } from "../../cluster/types.js";
import { NemesisError } from "../errors.js";
import { bridge } from "./bridge.js";
import { explicitGroups } from "./groups.js";
import { majorityMinority, randomHalves } from "./halves.js";
import { isolateNode } from "./isolate-node.js";
import { canSend, cutLinks, hearsFrom, parseLink } from "./links.js";
import { majoritiesRing } from "./majorities-ring.js";
import { oneWay } from "./one-way.js";

function nodesOf(count: number): NodeName[] {
  return Array.from({ length: count }, (_, position) => `n${position + 1}`);
}
const five = nodesOf(5);

/** Every node's view as "node<-heard,heard": compact, exact reachability. */
function views(spec: PartitionSpec, nodes: readonly NodeName[]): string[] {
  return Object.entries(hearsFrom(spec, nodes)).map(
    ([node, heard]) => `${node}<-${heard.join(",")}`,
  );
}

function isSymmetric(spec: PartitionSpec, nodes: readonly NodeName[]): boolean {
  return nodes.every((from) =>
    nodes.every((to) => canSend(spec, from, to) === canSend(spec, to, from)),
  );
}

describe("isolate-node", () => {
  it("cuts the node off from every other node both ways and leaves the rest whole", () => {
    expect(views(isolateNode(five, "n3"), five)).toEqual([
      "n1<-n1,n2,n4,n5",
      "n2<-n1,n2,n4,n5",
      "n3<-n3",
      "n4<-n1,n2,n4,n5",
      "n5<-n1,n2,n4,n5",
    ]);
  });

  it("refuses a node the cluster does not have", () => {
    expect(() => isolateNode(five, "n9")).toThrow(NemesisError);
  });
});

describe("one-way", () => {
  it("stops the node sending to anyone while it still hears everyone", () => {
    expect(views(oneWay(five, "n2"), five)).toEqual([
      "n1<-n1,n3,n4,n5",
      "n2<-n1,n2,n3,n4,n5",
      "n3<-n1,n3,n4,n5",
      "n4<-n1,n3,n4,n5",
      "n5<-n1,n3,n4,n5",
    ]);
  });
});

describe("random halves", () => {
  it("splits five nodes into a minority of two and a majority of three, each whole inside", () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const spec = randomHalves(five, seededRandom(seed));
      if (!("groups" in spec)) throw new Error("halves are groups");
      expect(spec.groups.map((group) => group.length)).toEqual([2, 3]);
      expect([...spec.groups.flat()].sort()).toEqual(five);
      for (const group of spec.groups) {
        for (const node of group) expect(hearsFrom(spec, five)[node]).toEqual(group);
      }
    }
  });

  it("draws different halves from different seeds and the same from the same seed", () => {
    const layouts = new Set<string>();
    for (let seed = 1; seed <= 20; seed += 1)
      layouts.add(JSON.stringify(randomHalves(five, seededRandom(seed))));
    expect(layouts.size).toBeGreaterThan(3);
    expect(randomHalves(five, seededRandom(4))).toEqual(randomHalves(five, seededRandom(4)));
  });
});

describe("majority-minority", () => {
  it("puts the leader in the minority so the majority must elect another", () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const spec = majorityMinority(five, "n4", seededRandom(seed));
      if (!("groups" in spec)) throw new Error("halves are groups");
      expect(spec.groups[0]).toContain("n4");
      expect(spec.groups.map((group) => group.length)).toEqual([2, 3]);
    }
  });

  it("isolates the leader alone in a cluster of three", () => {
    expect(majorityMinority(nodesOf(3), "n2", seededRandom(1))).toEqual({
      groups: [["n2"], ["n1", "n3"]],
    });
  });
});

describe("majorities-ring", () => {
  it("shows each of five nodes exactly its two ring neighbours and itself", () => {
    const spec = majoritiesRing(five, seededRandom(3));
    const heard = hearsFrom(spec, five);
    for (const node of five) expect(heard[node]).toHaveLength(3);
    // Ring neighbours are mutual: if a hears b, b hears a; and each node has exactly two.
    expect(isSymmetric(spec, five)).toBe(true);
  });

  for (const count of [3, 4, 5, 6, 7, 8, 9]) {
    it(`gives every node of ${count} a majority, no two the same`, () => {
      const nodes = nodesOf(count);
      for (let seed = 1; seed <= 5; seed += 1) {
        const heard = hearsFrom(majoritiesRing(nodes, seededRandom(seed)), nodes);
        const majority = Math.floor(count / 2) + 1;
        for (const node of nodes) expect(heard[node]!.length).toBeGreaterThanOrEqual(majority);
        for (const node of nodes) expect(heard[node]!.length).toBeLessThan(count);
        expect(new Set(nodes.map((node) => heard[node]!.join(","))).size).toBe(count);
      }
    });
  }

  it("is symmetric from four nodes up and a one-way cycle with three", () => {
    for (const count of [4, 5, 6, 7, 8, 9])
      expect(isSymmetric(majoritiesRing(nodesOf(count), seededRandom(2)), nodesOf(count))).toBe(
        true,
      );
    const three = nodesOf(3);
    const spec = majoritiesRing(three, seededRandom(2));
    expect(cutLinks(spec, three)).toHaveLength(3);
    expect(isSymmetric(spec, three)).toBe(false);
  });

  it("cuts nothing with one or two nodes, where no such ring exists", () => {
    expect(cutLinks(majoritiesRing(nodesOf(2), seededRandom(1)), nodesOf(2))).toEqual([]);
    expect(cutLinks(majoritiesRing(nodesOf(1), seededRandom(1)), nodesOf(1))).toEqual([]);
  });
});

describe("bridge", () => {
  it("joins two halves of five through one node that alone hears everyone", () => {
    for (let seed = 1; seed <= 10; seed += 1) {
      const spec = bridge(five, seededRandom(seed));
      const heard = hearsFrom(spec, five);
      const bridges = five.filter((node) => heard[node]!.length === 5);
      expect(bridges).toHaveLength(1);
      const bridgeNode = bridges[0]!;
      for (const node of five.filter((other) => other !== bridgeNode)) {
        expect(heard[node]).toHaveLength(3);
        expect(heard[node]).toContain(bridgeNode);
      }
      expect(isSymmetric(spec, five)).toBe(true);
    }
  });
});

describe("explicit groups", () => {
  it("keeps the groups given and puts nodes left out into one more group", () => {
    const spec = explicitGroups(five, [["n1", "n2"], ["n3"]]);
    expect(spec).toEqual({ groups: [["n1", "n2"], ["n3"], ["n4", "n5"]] });
    expect(views(spec, five)).toEqual([
      "n1<-n1,n2",
      "n2<-n1,n2",
      "n3<-n3",
      "n4<-n4,n5",
      "n5<-n4,n5",
    ]);
  });

  it("refuses a node in two groups, an unknown node and an empty group", () => {
    expect(() => explicitGroups(five, [["n1", "n2"], ["n2"]])).toThrow(/n2 is in more than one/);
    expect(() => explicitGroups(five, [["n1", "n7"]])).toThrow(/n7 is not a node/);
    expect(() => explicitGroups(five, [[]])).toThrow(/empty/);
  });
});

describe("links", () => {
  it("lists a groups partition's cut links in node order", () => {
    expect(cutLinks({ groups: [["n1"], ["n2", "n3"]] }, nodesOf(3))).toEqual([
      { from: "n1", to: "n2" },
      { from: "n1", to: "n3" },
      { from: "n2", to: "n1" },
      { from: "n3", to: "n1" },
    ]);
  });

  it("parses n1->n2 and refuses unknown nodes, self links and other forms", () => {
    expect(parseLink("n1->n2", five)).toEqual({ from: "n1", to: "n2" });
    expect(parseLink(" n5 -> n4 ", five)).toEqual({ from: "n5", to: "n4" });
    expect(() => parseLink("n1->n8", five)).toThrow(/n8/);
    expect(() => parseLink("n1->n1", five)).toThrow(/itself/);
    expect(() => parseLink("n1-n2", five)).toThrow(/from->to/);
  });
});
