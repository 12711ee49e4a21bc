/** The project's seeded generator, for the rooms above the cluster (chaos, workload, run). */
export { Rng, seededRandom } from "../raft/random/rng.js";
