import { describe, it } from "vitest";
import { labSeeds, RaftElectionTimeout, withLab } from "../testing/lab-harness.js";

/** The 6.5840 lab's 3A tests (leader election), over the simulator. */
describe.each(labSeeds())("lab 3A, seed %i", (seed) => {
  it("InitialElection: elects one leader, and keeps it and its term while nothing fails", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.checkOneLeader();
      await lab.sleep(50);
      const term1 = lab.checkTerms();
      if (term1 < 1) lab.fail(`term is ${term1}, but should be at least 1`);
      await lab.sleep(2 * RaftElectionTimeout);
      const term2 = lab.checkTerms();
      // The lab only warns here; with reliable links and a stable leader we can insist.
      if (term1 !== term2) lab.fail(`term changed from ${term1} to ${term2} with no failures`);
      await lab.checkOneLeader();
    });
  });

  it("ReElection: elects a new leader when the old one is cut off, and none without a majority", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      const leader1 = await lab.checkOneLeader();
      await lab.disconnect(leader1);
      await lab.checkOneLeader();
      await lab.connect(leader1);
      const leader2 = await lab.checkOneLeader();
      await lab.disconnect(leader2);
      await lab.disconnect((leader2 + 1) % 3);
      await lab.sleep(2 * RaftElectionTimeout);
      lab.checkNoLeader();
      await lab.connect((leader2 + 1) % 3);
      await lab.checkOneLeader();
      await lab.connect(leader2);
      await lab.checkOneLeader();
    });
  });

  it("ManyElections: elects a leader after each of ten random triple disconnections among seven", async () => {
    await withLab({ servers: 7, seed }, async (lab) => {
      await lab.checkOneLeader();
      for (let iteration = 0; iteration < 10; iteration++) {
        const cut = [lab.randomInt(7), lab.randomInt(7), lab.randomInt(7)];
        for (const server of cut) await lab.disconnect(server);
        await lab.checkOneLeader();
        for (const server of cut) await lab.connect(server);
      }
      await lab.checkOneLeader();
    });
  });
});
