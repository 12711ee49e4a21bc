/** The nemesis: fault shapes and schedules, resolved into timed actions and run against a cluster. */
export { NemesisError } from "./errors.js";
export { composeLinkFaults, type LinkFaultAssignment, type LinkFaultLayer } from "./link-faults.js";
export { executeNemesis, Nemesis, type NemesisOptions, type NemesisReport } from "./nemesis.js";
export { bridge } from "./partition/bridge.js";
export { explicitGroups } from "./partition/groups.js";
export { compareNodes, majorityMinority, randomHalves } from "./partition/halves.js";
export { isolateNode } from "./partition/isolate-node.js";
export {
  allLinks,
  canSend,
  cutLinks,
  formatLink,
  hearsFrom,
  parseLink,
} from "./partition/links.js";
export { majoritiesRing } from "./partition/majorities-ring.js";
export { oneWay } from "./partition/one-way.js";
export type { Random } from "./random.js";
export {
  type ResolveOptions,
  resolveNemesisSchedule,
  scheduledActionsMax,
} from "./resolve-schedule.js";
export { chooseTargets, currentLeader } from "./targets.js";
export * from "./types.js";
export { nemesisEveryMsMin } from "./validate.js";
