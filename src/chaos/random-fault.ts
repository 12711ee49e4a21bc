import { pick, type Random, randomIntBetween } from "./random.js";
import type { Fault, FaultKind, NodeTarget, PartitionShape } from "./types.js";

/**
 * The parameters of a fault the `random` schedule chose by kind. The ranges stay inside what a
 * correct Raft must survive; `wipe` (which it does not survive) only comes when the scenario
 * lists it. Probabilities are rounded to hundredths so the saved schedule reads well.
 */
export function randomFault(kind: FaultKind, random: Random, durationMs: number): Fault {
  switch (kind) {
    case "partition":
      return randomPartition(random);
    case "crash":
      return {
        kind,
        target: pick<NodeTarget>(random, ["leader", "random", "random-minority"]),
        loseUnsynced: random() < 0.5,
        tornWrite: random() < 0.25,
        restartAfterMs: durationMs,
      };
    case "pause":
      return { kind, target: pick<NodeTarget>(random, ["leader", "random", "random-minority"]) };
    case "network":
      return {
        kind,
        drop: hundredths(random() * 0.2),
        duplicate: hundredths(random() * 0.1),
        reorder: hundredths(random() * 0.2),
        delayMs: [1, randomIntBetween(random, 10, 100)],
      };
    case "clock-skew":
      return {
        kind,
        target: pick<NodeTarget>(random, ["leader", "random"]),
        rate: pick(random, [0.5, 2]),
      };
    case "wipe":
      return { kind, target: "random", restartAfterMs: durationMs };
  }
}

const randomShapes: readonly PartitionShape[] = [
  "isolate-node",
  "isolate-leader",
  "random-halves",
  "majority-minority",
  "majorities-ring",
  "bridge",
  "one-way",
];

function randomPartition(random: Random): Fault {
  const shape = pick(random, randomShapes);
  if (shape === "one-way")
    return { kind: "partition", shape, target: pick(random, ["leader", "random"]) };
  if (shape === "isolate-node") return { kind: "partition", shape, target: "random" };
  return { kind: "partition", shape };
}

function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}
