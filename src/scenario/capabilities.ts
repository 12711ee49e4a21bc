import type { FieldProblem } from "./issues.js";
import { nearestName } from "./suggest.js";
import type { NemesisItem, Scenario } from "./types.js";
import { formatDurationMs } from "./units.js";

/**
 * What validation must know of the rooms that run a scenario, handed in by the caller (the run
 * builds it from what the Raft implementation, the nemesis and each mode can do), so that
 * `validate` and `run` accept exactly the same files.
 */
export interface RunCapabilities {
  /** Every deliberate bug the Raft implementation can switch on, by name. */
  mutationNames: readonly string[];
  /** The shortest time the nemesis can repeat a fault at (`every`, `random.every`). */
  nemesisEveryMsMin: number;
  /** The most timed actions one run's nemesis schedule may hold. */
  nemesisActionsMax: number;
  /** The longest disk sync latency process mode models. */
  processSyncLatencyMsMax: number;
}

/** A duration for a message, exact below a millisecond (`1us`), where `formatDurationMs` rounds. */
function durationText(durationMs: number): string {
  return durationMs < 1
    ? `${Number((durationMs * 1000).toFixed(3))}us`
    : formatDurationMs(durationMs);
}

function mutationProblems(scenario: Scenario, capabilities: RunCapabilities): FieldProblem[] {
  const known = capabilities.mutationNames;
  return scenario.raft.mutations.flatMap((mutation, index): FieldProblem[] => {
    if (known.includes(mutation)) return [];
    const nearest = nearestName(mutation, known);
    const suggestion = nearest === null ? "" : `; did you mean \`${nearest}\`?`;
    return [
      {
        path: ["raft", "mutations", index],
        anchor: "value",
        message: `unknown mutation \`${mutation}\`${suggestion}`,
        hint: `known mutations: ${known.join(", ")}`,
      },
    ];
  });
}

function everyPath(item: NemesisItem, index: number): (string | number)[] {
  return item.schedule === "random"
    ? ["nemesis", index, "random", "every"]
    : ["nemesis", index, "every"];
}

/** The most actions an item can add to the schedule, whatever the seed draws. */
function actionsAtMost(item: NemesisItem): number {
  if (item.schedule === "once") return 1;
  const spanMs = item.untilMs - item.fromMs;
  if (spanMs <= 0) return 0;
  // Periodic: one window at from, from + every, ... before until. Random: the first window one
  // draw of every after from; the most windows come when every draw is the shortest.
  if (item.schedule === "periodic") return Math.ceil(spanMs / item.everyMs);
  return Math.max(0, Math.ceil(spanMs / item.everyMs[0]) - 1);
}

function nemesisProblems(scenario: Scenario, capabilities: RunCapabilities): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const minimumMs = capabilities.nemesisEveryMsMin;
  let actions = 0;
  scenario.nemesis.forEach((item, index) => {
    if (item.schedule !== "once") {
      const everyMs = item.schedule === "random" ? item.everyMs[0] : item.everyMs;
      if (everyMs < minimumMs) {
        problems.push({
          path: everyPath(item, index),
          anchor: "value",
          message: `${durationText(everyMs)} is too short: the nemesis repeats a fault at most once every ${durationText(minimumMs)}`,
        });
        return;
      }
    }
    const before = actions;
    actions += actionsAtMost(item);
    if (before <= capabilities.nemesisActionsMax && actions > capabilities.nemesisActionsMax) {
      problems.push({
        path: item.schedule === "once" ? ["nemesis", index] : everyPath(item, index),
        anchor: "value",
        message: `the nemesis would reach ${actions} fault windows here, and a run holds at most ${capabilities.nemesisActionsMax}: lengthen every or shorten the schedule`,
      });
    }
  });
  return problems;
}

function diskProblems(scenario: Scenario, capabilities: RunCapabilities): FieldProblem[] {
  const [, maximumMs] = scenario.disk.syncLatencyMs;
  const limitMs = capabilities.processSyncLatencyMsMax;
  if (scenario.cluster.mode !== "process" || maximumMs <= limitMs) return [];
  return [
    {
      path: ["disk", "syncLatency"],
      anchor: "value",
      message: `process mode models sync latencies up to ${durationText(limitMs)}, got up to ${durationText(maximumMs)}; shorten it or run in sim mode`,
    },
  ];
}

/** Every way the scenario asks for more than the run can do, placed at its field. */
export function capabilityProblems(
  scenario: Scenario,
  capabilities: RunCapabilities,
): FieldProblem[] {
  return [
    ...mutationProblems(scenario, capabilities),
    ...nemesisProblems(scenario, capabilities),
    ...diskProblems(scenario, capabilities),
  ];
}
