/** The deterministic simulator: `mode: sim`. */

export { Rng } from "../../raft/random/rng.js";
export { SimArgumentError, SimulationStoppedError, UnknownNodeError } from "./errors.js";
export type { DelayRange, NetworkStats } from "./network.js";
export { SimCluster } from "./sim-cluster.js";
export type { SimClusterOptions } from "./sim-options.js";
export type { SimStats } from "./sim-stats.js";
