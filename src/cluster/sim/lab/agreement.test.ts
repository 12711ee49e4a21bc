import { describe, it } from "vitest";
import { type LabHarness, labSeeds, RaftElectionTimeout, withLab } from "../testing/lab-harness.js";

/** The 6.5840 lab's 3B tests (log agreement), over the simulator. */
describe.each(labSeeds())("lab 3B, seed %i", (seed) => {
  it("BasicAgree: agrees on three commands at consecutive indices, none committed before Start", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.checkOneLeader();
      let previous = -1;
      for (let command = 1; command <= 3; command++) {
        if (previous !== -1 && lab.nCommitted(previous + 1).count > 0) {
          lab.fail("some have committed before Start()");
        }
        const index = await lab.one(command * 100, 3, false);
        // Our leader's no-op entry takes the first index of its term; after it, indices are consecutive.
        if (previous !== -1 && index !== previous + 1)
          lab.fail(`got index ${index} but expected ${previous + 1}`);
        previous = index;
      }
    });
  });

  it("RPCBytes: sends each command's bytes to each follower about once", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      let previous = await lab.one(99, 3, false);
      const bytes0 = lab.bytesTotal();
      let sent = 0;
      for (let iteration = 0; iteration < 10; iteration++) {
        const command = randomString(lab, 5000);
        const index = await lab.one(command, 3, false);
        if (index !== previous + 1) lab.fail(`got index ${index} but expected ${previous + 1}`);
        previous = index;
        sent += command.length;
      }
      const got = lab.bytesTotal() - bytes0;
      const expected = 3 * sent;
      if (got > expected + 50_000) lab.fail(`too many RPC bytes; got ${got}, expected ${expected}`);
    });
  });

  it("FollowerFailure: progresses without one follower, and commits nothing without a majority", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.one(101, 3, false);
      const leader1 = await lab.checkOneLeader();
      await lab.disconnect((leader1 + 1) % 3);
      await lab.one(102, 2, false);
      await lab.sleep(RaftElectionTimeout);
      const index103 = await lab.one(103, 2, false);
      const leader2 = await lab.checkOneLeader();
      await lab.disconnect((leader2 + 1) % 3);
      await lab.disconnect((leader2 + 2) % 3);
      const started = lab.start(leader2, 104);
      if (!started.isLeader) lab.fail("leader rejected Start()");
      if (started.index !== index103 + 1)
        lab.fail(`expected index ${index103 + 1}, got ${started.index}`);
      await lab.sleep(2 * RaftElectionTimeout);
      const { count } = lab.nCommitted(started.index);
      if (count > 0) lab.fail(`${count} committed but no majority`);
    });
  });

  it("LeaderFailure: a new leader takes over, and nothing commits once no majority is left", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.one(101, 3, false);
      const leader1 = await lab.checkOneLeader();
      await lab.disconnect(leader1);
      await lab.one(102, 2, false);
      await lab.sleep(RaftElectionTimeout);
      const index103 = await lab.one(103, 2, false);
      const leader2 = await lab.checkOneLeader();
      await lab.disconnect(leader2);
      for (let server = 0; server < 3; server++) lab.start(server, 104);
      await lab.sleep(2 * RaftElectionTimeout);
      const { count } = lab.nCommitted(index103 + 1);
      if (count > 0) lab.fail(`${count} committed but no majority`);
    });
  });

  it("FailAgree: a reconnected follower catches up and agrees", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.one(101, 3, false);
      const leader = await lab.checkOneLeader();
      await lab.disconnect((leader + 1) % 3);
      await lab.one(102, 2, false);
      await lab.one(103, 2, false);
      await lab.sleep(RaftElectionTimeout);
      await lab.one(104, 2, false);
      await lab.one(105, 2, false);
      await lab.connect((leader + 1) % 3);
      await lab.one(106, 3, true);
      await lab.sleep(RaftElectionTimeout);
      await lab.one(107, 3, true);
    });
  });

  it("FailNoAgree: commits nothing while three of five are cut off, then recovers", async () => {
    await withLab({ servers: 5, seed }, async (lab) => {
      const index10 = await lab.one(10, 5, false);
      const leader = await lab.checkOneLeader();
      for (const offset of [1, 2, 3]) await lab.disconnect((leader + offset) % 5);
      const started = lab.start(leader, 20);
      if (!started.isLeader) lab.fail("leader rejected Start()");
      if (started.index !== index10 + 1)
        lab.fail(`expected index ${index10 + 1}, got ${started.index}`);
      await lab.sleep(2 * RaftElectionTimeout);
      const { count } = lab.nCommitted(started.index);
      if (count > 0) lab.fail(`${count} committed but no majority`);
      for (const offset of [1, 2, 3]) await lab.connect((leader + offset) % 5);
      const leader2 = await lab.checkOneLeader();
      const started2 = lab.start(leader2, 30);
      if (!started2.isLeader) lab.fail("leader2 rejected Start()");
      // Lab: index 2 or 3. Ours: after index10, maybe the uncommitted 20, and a new leader's no-op.
      if (started2.index < index10 + 1 || started2.index > index10 + 3) {
        lab.fail(`unexpected index ${started2.index}`);
      }
      await lab.one(1000, 5, true);
    });
  });

  it("ConcurrentStarts: commands started at the same instant all commit in one term", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0) await lab.sleep(3000);
        const leader = await lab.checkOneLeader();
        const first = lab.start(leader, 1);
        if (!first.isLeader) continue;
        const started = [0, 1, 2, 3, 4].map((offset) => ({
          command: String(100 + offset),
          result: lab.start(leader, 100 + offset),
        }));
        if (started.some(({ result }) => !result.isLeader || result.term !== first.term)) continue;
        const values: (string | null | -1)[] = [];
        for (const { result } of started) values.push(await lab.wait(result.index, 3, first.term));
        if (values.includes(-1)) continue;
        for (const { command } of started) {
          if (!values.includes(command)) lab.fail(`cmd ${command} missing in ${values.join(", ")}`);
        }
        return;
      }
      lab.fail("term changed too often");
    });
  });

  it("Rejoin: a partitioned leader's uncommitted entries are replaced when it rejoins", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await lab.one(101, 3, true);
      const leader1 = await lab.checkOneLeader();
      await lab.disconnect(leader1);
      lab.start(leader1, 102);
      lab.start(leader1, 103);
      lab.start(leader1, 104);
      await lab.one(103, 2, true);
      const leader2 = await lab.checkOneLeader();
      await lab.disconnect(leader2);
      await lab.connect(leader1);
      await lab.one(104, 2, true);
      await lab.connect(leader2);
      await lab.one(105, 3, true);
    });
  });

  it("Backup: a leader backs up quickly over long runs of conflicting entries", async () => {
    await withLab({ servers: 5, seed }, async (lab) => {
      await backup(lab);
    });
  });

  it("Count: elections and agreement use few RPCs, and an idle leader only heartbeats", async () => {
    await withLab({ servers: 3, seed }, async (lab) => {
      await count(lab);
    });
  });
});

async function backup(lab: LabHarness): Promise<void> {
  const servers = 5;
  await lab.one(lab.randomInt(1_000_000), servers, true);
  const leader1 = await lab.checkOneLeader();
  for (const offset of [2, 3, 4]) await lab.disconnect((leader1 + offset) % servers);
  for (let command = 0; command < 50; command++) lab.start(leader1, lab.randomInt(1_000_000));
  await lab.sleep(RaftElectionTimeout / 2);
  await lab.disconnect(leader1 % servers);
  await lab.disconnect((leader1 + 1) % servers);
  for (const offset of [2, 3, 4]) await lab.connect((leader1 + offset) % servers);
  for (let command = 0; command < 50; command++) await lab.one(lab.randomInt(1_000_000), 3, true);
  const leader2 = await lab.checkOneLeader();
  let other = (leader1 + 2) % servers;
  if (leader2 === other) other = (leader2 + 1) % servers;
  await lab.disconnect(other);
  for (let command = 0; command < 50; command++) lab.start(leader2, lab.randomInt(1_000_000));
  await lab.sleep(RaftElectionTimeout / 2);
  for (let server = 0; server < servers; server++) await lab.disconnect(server);
  await lab.connect(leader1 % servers);
  await lab.connect((leader1 + 1) % servers);
  await lab.connect(other);
  for (let command = 0; command < 50; command++) await lab.one(lab.randomInt(1_000_000), 3, true);
  for (let server = 0; server < servers; server++) await lab.connect(server);
  await lab.one(lab.randomInt(1_000_000), servers, true);
}

/**
 * The lab bounds RPCs assuming at most 10 heartbeats per second; ours beat every 10 ms tick, and
 * lab time runs 4x faster here, so heartbeats are 2.5x as dense per lab second. Every bound
 * below is the lab's, with the heartbeats a leader sends in the measured time added where the
 * lab's slack assumed fewer.
 */
async function count(lab: LabHarness): Promise<void> {
  const servers = 3;
  const heartbeatsPerFollowerPerLabMs = (1 / 10) * 0.25; // one per 10 ms tick, 0.25 ms per lab ms
  await lab.checkOneLeader();
  const total1 = lab.rpcTotal();
  // Lab: at most 30 RPCs by the time checkOneLeader returns (it sleeps ~500 lab ms first).
  const electionBound = 30 + Math.ceil(550 * heartbeatsPerFollowerPerLabMs * (servers - 1));
  if (total1 > electionBound || total1 < 1) {
    lab.fail(`too many or few RPCs (${total1}) to elect initial leader (bound ${electionBound})`);
  }
  let total2 = 0;
  let success = false;
  for (let attempt = 0; attempt < 5 && !success; attempt++) {
    if (attempt > 0) await lab.sleep(3000);
    const currentLeader = await lab.checkOneLeader();
    const before = lab.rpcTotal();
    const startedMs = lab.cluster.clock.now();
    const first = lab.start(currentLeader, 1);
    if (!first.isLeader) continue;
    const iterations = 10;
    const commands: string[] = [];
    const indices: number[] = [];
    let failed = false;
    for (let iteration = 1; iteration <= iterations; iteration++) {
      const command = String(lab.randomInt(1_000_000));
      commands.push(command);
      const result = lab.start(currentLeader, command);
      if (result.term !== first.term || !result.isLeader) failed = true;
      else if (result.index !== first.index + iteration) lab.fail("Start() failed");
      indices.push(result.index);
    }
    if (failed) continue;
    for (let iteration = 0; iteration < iterations; iteration++) {
      const value = await lab.wait(indices[iteration] as number, servers, first.term);
      if (value === -1) failed = true;
      else if (value !== commands[iteration])
        lab.fail(`wrong value ${value} committed for index ${indices[iteration]}`);
    }
    if (failed) continue;
    total2 = lab.rpcTotal();
    const elapsedLabMs = (lab.cluster.clock.now() - startedMs) / 0.25;
    const heartbeats = Math.ceil(elapsedLabMs * heartbeatsPerFollowerPerLabMs * (servers - 1));
    const bound = (iterations + 1 + 3) * 3 + heartbeats;
    if (total2 - before > bound)
      lab.fail(`too many RPCs (${total2 - before}) for ${iterations} entries (bound ${bound})`);
    success = true;
  }
  if (!success) lab.fail("term changed too often");
  await lab.sleep(RaftElectionTimeout);
  const total3 = lab.rpcTotal();
  // Lab: at most 3 * 20 RPCs in one idle second (twice its heartbeat ceiling); ours: twice our rate.
  const idleBound = Math.ceil(
    2 * RaftElectionTimeout * heartbeatsPerFollowerPerLabMs * (servers - 1),
  );
  if (total3 - total2 > idleBound) {
    lab.fail(`too many RPCs (${total3 - total2}) for 1 second of idleness (bound ${idleBound})`);
  }
}

function randomString(lab: LabHarness, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let text = "";
  for (let position = 0; position < length; position++)
    text += alphabet[lab.randomInt(alphabet.length)];
  return text;
}
