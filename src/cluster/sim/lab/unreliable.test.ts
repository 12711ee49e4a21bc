import { describe, it } from "vitest";
import { type LabHarness, labSeeds, RaftElectionTimeout, withLab } from "../testing/lab-harness.js";

/** The 6.5840 lab's 3C tests over lossy, delaying, reordering links, and the churn tests. */
describe.each(labSeeds())("lab 3C unreliable and churn, seed %i", (seed) => {
  it("UnreliableAgree: agrees on many concurrently started commands over lossy links", async () => {
    await withLab({ servers: 5, seed, unreliable: true }, async (lab) => {
      for (let iteration = 1; iteration < 50; iteration++) {
        const concurrent = [0, 1, 2, 3].map((offset) => lab.one(100 * iteration + offset, 1, true));
        await lab.one(iteration, 1, true);
        await Promise.all(concurrent);
      }
      await lab.setUnreliable(false);
      await lab.one(100, 5, true);
    });
  });

  it("Figure8Unreliable: agrees after long runs of disconnections and long message reordering", async () => {
    await withLab({ servers: 5, seed, unreliable: true }, (lab) => figure8Unreliable(lab));
  });

  it("ReliableChurn: every value a client saw committed is in the final log", async () => {
    await withLab({ servers: 5, seed }, (lab) => churn(lab, false));
  });

  it("UnreliableChurn: every value a client saw committed is in the final log, over lossy links", async () => {
    await withLab({ servers: 5, seed, unreliable: true }, (lab) => churn(lab, true));
  });
});

async function figure8Unreliable(lab: LabHarness): Promise<void> {
  const servers = 5;
  await lab.one(lab.randomInt(10_000), 1, true);
  let connectedCount = servers;
  for (let iteration = 0; iteration < 1000; iteration++) {
    if (iteration === 200) await lab.setLongReordering(true);
    let leader = -1;
    for (let server = 0; server < servers; server++) {
      const started = lab.start(server, lab.randomInt(10_000));
      if (started.isLeader && lab.isConnected(server)) leader = server;
    }
    if (lab.randomInt(1000) < 100) await lab.sleep(lab.randomInt(RaftElectionTimeout / 2));
    else await lab.sleep(lab.randomInt(13));
    if (leader !== -1 && lab.randomInt(1000) < servers / 2) {
      await lab.disconnect(leader);
      connectedCount--;
    }
    if (connectedCount < 3) {
      const server = lab.randomInt(servers);
      if (!lab.isConnected(server)) {
        await lab.connect(server);
        connectedCount++;
      }
    }
  }
  for (let server = 0; server < servers; server++) {
    if (!lab.isConnected(server)) await lab.connect(server);
  }
  await lab.one(lab.randomInt(10_000), servers, true);
}

/** The lab's internalChurn: three clients start commands while servers are cut, crashed and restarted. */
async function churn(lab: LabHarness, unreliable: boolean): Promise<void> {
  const servers = 5;
  let stop = false;
  const client = async (me: number): Promise<string[]> => {
    const values: string[] = [];
    while (!stop) {
      const command = String(lab.randomInt(1_000_000));
      let index = -1;
      for (let server = 0; server < servers; server++) {
        const started = lab.start(server, command);
        if (started.isLeader) index = started.index;
      }
      if (index === -1) {
        await lab.sleep(79 + me * 17);
        continue;
      }
      for (const delayLabMs of [10, 20, 50, 100, 200]) {
        const { count, command: applied } = lab.nCommitted(index);
        if (count > 0) {
          if (applied === command) values.push(command);
          break;
        }
        await lab.sleep(delayLabMs);
      }
    }
    return values;
  };
  const clients = [0, 1, 2].map((me) => client(me));
  for (let iteration = 0; iteration < 20; iteration++) {
    if (lab.randomInt(1000) < 200) await lab.disconnect(lab.randomInt(servers));
    if (lab.randomInt(1000) < 500) {
      const server = lab.randomInt(servers);
      if (!lab.isUp(server)) await lab.start1(server);
      await lab.connect(server);
    }
    if (lab.randomInt(1000) < 200) {
      const server = lab.randomInt(servers);
      if (lab.isUp(server)) await lab.crash1(server);
    }
    await lab.sleep((RaftElectionTimeout * 7) / 10);
  }
  await lab.sleep(RaftElectionTimeout);
  if (unreliable) await lab.setUnreliable(false);
  for (let server = 0; server < servers; server++) {
    if (!lab.isUp(server)) await lab.start1(server);
    await lab.connect(server);
  }
  stop = true;
  const seen = (await Promise.all(clients)).flat();
  await lab.sleep(RaftElectionTimeout);
  const lastIndex = await lab.one(lab.randomInt(1_000_000), servers, true);
  const really = new Set<string | null>();
  for (let index = 1; index <= lastIndex; index++) {
    const value = await lab.wait(index, servers, -1);
    if (value !== -1) really.add(value);
  }
  for (const value of seen) {
    if (!really.has(value)) lab.fail(`didn't find a value ${value} a client saw committed`);
  }
  if (seen.length === 0) lab.fail("the clients saw nothing committed during the churn");
}
