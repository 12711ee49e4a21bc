import type { z } from "zod";
import type { scenarioSchema } from "./scenario-schema.js";

/**
 * The resolved scenario: every default filled, durations in milliseconds in fields named
 * `...Ms`, sizes in bytes in fields named `...Bytes`. All types here come from the schema.
 */
export type Scenario = z.output<typeof scenarioSchema>;
/** The scenario as written in YAML (every field that has a default is optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

export type ClusterSettings = Scenario["cluster"];
export type ClusterMode = ClusterSettings["mode"];
export type RaftSettings = Scenario["raft"];
export type NetworkSettings = Scenario["network"];
export type DiskSettings = Scenario["disk"];
export type Workload = Scenario["workload"];
export type NemesisItem = Scenario["nemesis"][number];
export type OnceNemesisItem = Extract<NemesisItem, { schedule: "once" }>;
export type PeriodicNemesisItem = Extract<NemesisItem, { schedule: "periodic" }>;
export type RandomNemesisItem = Extract<NemesisItem, { schedule: "random" }>;
export type Fault = OnceNemesisItem["fault"];
export type Checks = Scenario["checks"];
export type Expectation = Scenario["expect"];
export type FailureReason = Extract<Expectation, { verdict: "fail" }>["by"][number];
