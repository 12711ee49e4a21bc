import type { CrashOptions } from "../../types.js";
import { type LabHarness, RaftElectionTimeout } from "../testing/lab-harness.js";

/**
 * The lab's persistence tests as functions of the crash kind, so the same scenario runs with the
 * lab's plain crashes and with `loseUnsynced` / `tornWrite` crashes (crash-variants.test.ts).
 * Each returns the indices `one` acknowledged, with their commands, for the "nothing
 * acknowledged is lost" check.
 */
export type Acknowledged = Map<number, string>;

export async function persist1(lab: LabHarness, crash: CrashOptions): Promise<Acknowledged> {
  const acknowledged: Acknowledged = new Map();
  const one = async (command: number, servers: number) =>
    acknowledged.set(await lab.one(command, servers, true), String(command));
  await one(11, 3);
  for (let server = 0; server < 3; server++) await lab.crash1(server, crash);
  for (let server = 0; server < 3; server++) await lab.start1(server, crash);
  for (let server = 0; server < 3; server++) await lab.connect(server);
  await one(12, 3);
  const leader1 = await lab.checkOneLeader();
  await lab.disconnect(leader1);
  await lab.start1(leader1, crash);
  await lab.connect(leader1);
  await one(13, 3);
  const leader2 = await lab.checkOneLeader();
  await lab.disconnect(leader2);
  const index14 = await lab.one(14, 2, true);
  acknowledged.set(index14, "14");
  await lab.start1(leader2, crash);
  await lab.connect(leader2);
  await lab.wait(index14, 3, -1);
  const i3 = ((await lab.checkOneLeader()) + 1) % 3;
  await lab.disconnect(i3);
  await one(15, 2);
  await lab.start1(i3, crash);
  await lab.connect(i3);
  await one(16, 3);
  return acknowledged;
}

export async function persist2(lab: LabHarness, crash: CrashOptions): Promise<Acknowledged> {
  const servers = 5;
  const acknowledged: Acknowledged = new Map();
  const one = async (command: number, count: number) =>
    acknowledged.set(await lab.one(command, count, true), String(command));
  let index = 1;
  for (let iteration = 0; iteration < 5; iteration++) {
    await one(10 + index++, servers);
    const leader1 = await lab.checkOneLeader();
    await lab.disconnect((leader1 + 1) % servers);
    await lab.disconnect((leader1 + 2) % servers);
    await one(10 + index++, servers - 2);
    for (const offset of [0, 3, 4]) await lab.disconnect((leader1 + offset) % servers);
    await lab.start1((leader1 + 1) % servers, crash);
    await lab.start1((leader1 + 2) % servers, crash);
    await lab.connect((leader1 + 1) % servers);
    await lab.connect((leader1 + 2) % servers);
    await lab.sleep(RaftElectionTimeout);
    await lab.start1((leader1 + 3) % servers, crash);
    await lab.connect((leader1 + 3) % servers);
    await one(10 + index++, servers - 2);
    await lab.connect((leader1 + 4) % servers);
    await lab.connect(leader1 % servers);
  }
  await one(1000, servers);
  return acknowledged;
}

export async function persist3(lab: LabHarness, crash: CrashOptions): Promise<Acknowledged> {
  const acknowledged: Acknowledged = new Map();
  const one = async (command: number, count: number) =>
    acknowledged.set(await lab.one(command, count, true), String(command));
  await one(101, 3);
  const leader = await lab.checkOneLeader();
  await lab.disconnect((leader + 2) % 3);
  await one(102, 2);
  await lab.crash1(leader % 3, crash);
  await lab.crash1((leader + 1) % 3, crash);
  await lab.connect((leader + 2) % 3);
  await lab.start1(leader % 3, crash);
  await lab.connect(leader % 3);
  await one(103, 2);
  await lab.start1((leader + 1) % 3, crash);
  await lab.connect((leader + 1) % 3);
  await one(104, 3);
  return acknowledged;
}

/** Figure 8 of the Raft paper, provoked at random: leaders crash right after a Start. */
export async function figure8(
  lab: LabHarness,
  options: { crash: CrashOptions; iterations: number },
): Promise<Acknowledged> {
  const servers = 5;
  const acknowledged: Acknowledged = new Map();
  const first = lab.randomInt(1_000_000);
  acknowledged.set(await lab.one(first, 1, true), String(first));
  let up = servers;
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    let leader = -1;
    for (let server = 0; server < servers; server++) {
      if (lab.isUp(server) && lab.start(server, lab.randomInt(1_000_000)).isLeader) leader = server;
    }
    if (lab.randomInt(1000) < 100) await lab.sleep(lab.randomInt(RaftElectionTimeout / 2));
    else await lab.sleep(lab.randomInt(13));
    if (leader !== -1) {
      await lab.crash1(leader, options.crash);
      up--;
    }
    if (up < 3) {
      const server = lab.randomInt(servers);
      if (!lab.isUp(server)) {
        await lab.start1(server, options.crash);
        await lab.connect(server);
        up++;
      }
    }
  }
  for (let server = 0; server < servers; server++) {
    if (!lab.isUp(server)) {
      await lab.start1(server, options.crash);
      await lab.connect(server);
    }
  }
  const last = lab.randomInt(1_000_000);
  acknowledged.set(await lab.one(last, servers, true), String(last));
  return acknowledged;
}
