/** The version lives with the run, which stamps it into every history and result. */
export { raftctlVersion } from "../run/version.js";
