import type { CheckReport } from "../../report/index.js";
import { formatDurationMs } from "../../scenario/index.js";
import type { FinalReadsReport } from "../../workload/index.js";

/** Unread keys named in the reason line. */
const keysInReasonMax = 5;

/**
 * Liveness after the final heal: a leader, then one successful read of every key in use, all
 * within `recoverWithinMs`. `notReached` says why the final phase never ran (the run was
 * stopped, a node's assertion halted the cluster); the check is then skipped, or unknown when
 * the run hit its time limit (liveness could not be decided).
 */
export function checkLiveness(input: {
  finalReads: FinalReadsReport | null;
  recoverWithinMs: number;
  notReached?: { reason: string; verdict: "skipped" | "unknown" };
}): CheckReport {
  const within = formatDurationMs(input.recoverWithinMs);
  const reads = input.finalReads;
  if (reads === null) {
    const notReached = input.notReached ?? {
      reason: "the final phase did not run",
      verdict: "skipped",
    };
    return { name: "liveness", verdict: notReached.verdict, reason: notReached.reason };
  }
  const details = {
    leader: reads.leader,
    leaderAfterMs: reads.leaderAfterMs,
    keysTotal: reads.keysTotal,
    keysRead: reads.keysRead,
    unreadKeys: reads.unreadKeys,
    elapsedMs: reads.elapsedMs,
  };
  if (reads.leaderAfterMs === null || reads.leader === null) {
    const reason = `no leader within ${within} after the final heal`;
    return { name: "liveness", verdict: "fail", reason, details };
  }
  const leaderPart = `leader ${reads.leader} ${Math.round(reads.leaderAfterMs)}ms after the final heal`;
  if (reads.recovered) {
    const reason = `${leaderPart}; all ${reads.keysTotal} keys read within ${within}`;
    return { name: "liveness", verdict: "pass", reason, details };
  }
  const unread = reads.unreadKeys.slice(0, keysInReasonMax).join(", ");
  const more = reads.unreadKeys.length > keysInReasonMax ? ", ..." : "";
  const reason = `${leaderPart}, but ${reads.unreadKeys.length} of ${reads.keysTotal} keys not read within ${within} (${unread}${more})`;
  return { name: "liveness", verdict: "fail", reason, details };
}
