import { nemesisEveryMsMin, scheduledActionsMax } from "../chaos/index.js";
import { processSyncLatencyMsMax } from "../cluster/process/process-options.js";
import type { RunCapabilities } from "../scenario/index.js";
import { knownMutationNames } from "./mutations.js";

/**
 * What a run can do, for validation (DESIGN.md, "Validation"): the mutations the Raft
 * implementation knows, the nemesis's limits, what process mode models. `validate` and `run`
 * both check scenarios against it, so they accept exactly the same files.
 */
export function runCapabilities(): RunCapabilities {
  return {
    mutationNames: knownMutationNames(),
    nemesisEveryMsMin,
    nemesisActionsMax: scheduledActionsMax,
    processSyncLatencyMsMax,
  };
}
