import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NodeEvent } from "../../src/history/events.js";

/**
 * What a run gave the ack-before-fsync mutant to be caught by, read from its `events.jsonl`: the
 * crashes that lost unsynced entries the cluster had already committed.
 *
 * A node writes entries (`append`), and a later `persist` with `synced: true` says up to which
 * index they are durable. A crash with `loseUnsynced` drops what was written after the last
 * synced persist. When the cluster's commit index had passed the node's last synced index, the
 * crash dropped committed entries from that node: under the mutation the node had already
 * acknowledged them, and when a majority drops the same committed entries in one round of
 * crashes, the cluster can elect a leader without them and lose an acknowledged write. That is
 * an "exposure": the situation the mutant's checks must turn into a failure.
 */
export interface CrashExposures {
  /** Crashes with `loseUnsynced` in the run. */
  losingCrashes: number;
  /** Of those, crashes that dropped entries the cluster had committed. */
  crashesLosingCommitted: number;
  /** Rounds of crashes (crashes closer than `roundGapMs`) in which a majority did so. */
  majorityRoundsLosingCommitted: number;
}

interface NodeLog {
  written: number;
  synced: number;
}

export function crashExposures(options: {
  events: readonly NodeEvent[];
  nodeCount: number;
  roundGapMs: number;
}): CrashExposures {
  const logs = new Map<string, NodeLog>();
  const logOf = (node: string): NodeLog => {
    let log = logs.get(node);
    if (log === undefined) {
      log = { written: 0, synced: 0 };
      logs.set(node, log);
    }
    return log;
  };
  let committed = 0;
  let losingCrashes = 0;
  let crashesLosingCommitted = 0;
  let majorityRoundsLosingCommitted = 0;
  let round: { startNs: number; nodesLosingCommitted: Set<string>; counted: boolean } | null = null;
  for (const event of options.events) {
    const log = logOf(event.node);
    switch (event.type) {
      case "append":
        log.written = Math.max(log.written, event.index);
        break;
      case "truncate":
        log.written = event.fromIndex - 1;
        log.synced = Math.min(log.synced, log.written);
        break;
      case "persist":
        if (event.synced) log.synced = Math.max(log.synced, event.lastIndex);
        break;
      case "commit":
        committed = Math.max(committed, event.index);
        break;
      case "restart":
        log.written = 0;
        log.synced = 0;
        break;
      case "crash": {
        if (!event.loseUnsynced) break;
        losingCrashes++;
        if (round === null || event.timeNs - round.startNs > options.roundGapMs * 1e6) {
          round = { startNs: event.timeNs, nodesLosingCommitted: new Set(), counted: false };
        }
        const lostCommitted = log.written > log.synced && committed > log.synced;
        if (!lostCommitted) break;
        crashesLosingCommitted++;
        round.nodesLosingCommitted.add(event.node);
        const majority = Math.floor(options.nodeCount / 2) + 1;
        if (!round.counted && round.nodesLosingCommitted.size >= majority) {
          round.counted = true;
          majorityRoundsLosingCommitted++;
        }
        break;
      }
      default:
        break;
    }
  }
  return { losingCrashes, crashesLosingCommitted, majorityRoundsLosingCommitted };
}

/** The exposures of a stored run, from its report folder. */
export function crashExposuresOfRun(options: {
  runDirectory: string;
  nodeCount: number;
  roundGapMs: number;
}): CrashExposures {
  const text = readFileSync(join(options.runDirectory, "events.jsonl"), "utf8");
  const events = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as NodeEvent);
  return crashExposures({ ...options, events });
}
