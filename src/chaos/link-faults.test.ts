import { describe, expect, it } from "vitest";
import { composeLinkFaults } from "./link-faults.js";

const nodes = ["n1", "n2", "n3"];

describe("composeLinkFaults", () => {
  it("is one call without links for a single fault on every link", () => {
    expect(composeLinkFaults([{ faults: { drop: 0.1 }, links: null }], nodes)).toEqual([
      { faults: { drop: 0.1 }, links: null },
    ]);
  });

  it("composes overlapping faults as independent effects: probabilities combine, delays add", () => {
    const assignments = composeLinkFaults(
      [
        { faults: { drop: 0.5, delayMs: [1, 5] }, links: null },
        {
          faults: { drop: 0.2, duplicate: 0.1, delayMs: [10, 20] },
          links: [{ from: "n2", to: "n3" }],
        },
      ],
      nodes,
    );
    expect(assignments).toEqual([
      {
        faults: { drop: 0.5, delayMs: [1, 5] },
        links: [
          { from: "n1", to: "n2" },
          { from: "n1", to: "n3" },
          { from: "n2", to: "n1" },
          { from: "n3", to: "n1" },
          { from: "n3", to: "n2" },
        ],
      },
      {
        faults: { drop: 0.6, duplicate: 0.1, delayMs: [11, 25] },
        links: [{ from: "n2", to: "n3" }],
      },
    ]);
  });

  it("leaves links under no fault out, and nothing at all for no faults", () => {
    expect(
      composeLinkFaults([{ faults: { reorder: 0.3 }, links: [{ from: "n1", to: "n2" }] }], nodes),
    ).toEqual([{ faults: { reorder: 0.3 }, links: [{ from: "n1", to: "n2" }] }]);
    expect(composeLinkFaults([], nodes)).toEqual([]);
  });
});
