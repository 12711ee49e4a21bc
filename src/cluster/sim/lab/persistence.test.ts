import { describe, it } from "vitest";
import { labSeeds, withLab } from "../testing/lab-harness.js";
import { figure8, persist1, persist2, persist3 } from "./persistence-scenarios.js";

/** The 6.5840 lab's 3C persistence tests over the simulator, with plain crashes as in the lab. */
describe.each(labSeeds())("lab 3C persistence, seed %i", (seed) => {
  it("Persist1: servers restarted (all, the leader, a follower) keep their state and agree", async () => {
    await withLab({ servers: 3, seed }, (lab) => persist1(lab, {}));
  });

  it("Persist2: repeated restarts of minorities around partitions lose nothing committed", async () => {
    await withLab({ servers: 5, seed }, (lab) => persist2(lab, {}));
  });

  it("Persist3: a leader and follower that crash and restart still agree with the third", async () => {
    await withLab({ servers: 3, seed }, (lab) => persist3(lab, {}));
  });

  it("Figure8: leaders crashing right after Start never commit an entry of a prior term by counting", async () => {
    await withLab({ servers: 5, seed }, (lab) => figure8(lab, { crash: {}, iterations: 1000 }));
  });
});
