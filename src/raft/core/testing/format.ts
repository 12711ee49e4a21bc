import type { RaftStatus } from "../results.js";
import type { Entry, HardState, Message, Ready } from "../types.js";

const textDecoder = new TextDecoder();

/** `index/term data`, with an empty payload shown as `no-op`. */
export function formatEntry(entry: Entry): string {
  const data = entry.data.length === 0 ? "no-op" : textDecoder.decode(entry.data);
  return `${entry.index}/${entry.term} ${data}`;
}

export function formatEntries(entries: readonly Entry[]): string {
  return `[${entries.map(formatEntry).join(", ")}]`;
}

export function formatMessage(message: Message): string {
  const head = `${message.from}->${message.to} ${message.type} term=${message.term}`;
  switch (message.type) {
    case "vote":
      return `${head} last=${message.lastLogIndex}/${message.lastLogTerm}`;
    case "vote-response":
      return `${head} ${message.granted ? "granted" : "refused"}`;
    case "append":
      return `${head} prev=${message.prevLogIndex}/${message.prevLogTerm} commit=${message.commit} entries=${formatEntries(message.entries)}`;
    case "append-response":
      return message.success
        ? `${head} ok match=${message.matchIndex}`
        : `${head} reject rejected=${message.rejectedIndex} conflict=${message.conflictIndex}/${message.conflictTerm}`;
    case "heartbeat":
      return `${head} commit=${message.commit}${message.context === "" ? "" : ` round=${message.context}`}`;
    case "heartbeat-response":
      return `${head}${message.context === "" ? "" : ` round=${message.context}`}`;
  }
}

export function formatHardState(hardState: HardState): string {
  return `term=${hardState.term} vote=${hardState.vote ?? "none"} commit=${hardState.commit}`;
}

/** The lines a Ready prints: role change, what is persisted, applied, read, and sent. */
export function formatReady(node: string, ready: Ready, storedLastIndex: number): string[] {
  const lines: string[] = [];
  if (ready.softState !== null) {
    const { role, term, leader } = ready.softState;
    lines.push(`${node}: ${role} term=${term} leader=${leader ?? "none"}`);
  }
  const persisted: string[] = [];
  if (ready.hardState !== null) persisted.push(formatHardState(ready.hardState));
  const firstEntry = ready.entries[0];
  if (firstEntry !== undefined && firstEntry.index <= storedLastIndex) {
    persisted.push(`truncate-from=${firstEntry.index}`);
  }
  if (ready.entries.length > 0) persisted.push(`entries=${formatEntries(ready.entries)}`);
  if (ready.mustSync) persisted.push("sync");
  if (persisted.length > 0) lines.push(`${node}: persist ${persisted.join(" ")}`);
  if (ready.committedEntries.length > 0)
    lines.push(`${node}: apply ${formatEntries(ready.committedEntries)}`);
  for (const readState of ready.readStates) {
    lines.push(`${node}: read-state ctx=${readState.context} index=${readState.index}`);
  }
  for (const message of ready.messages) lines.push(formatMessage(message));
  return lines;
}

export function formatStatus(status: RaftStatus): string[] {
  const lines = [
    `${status.id}: ${status.role} term=${status.term} leader=${status.leader ?? "none"} vote=${status.vote ?? "none"} commit=${status.commitIndex} applied=${status.appliedIndex} last=${status.lastIndex}/${status.lastTerm}`,
  ];
  for (const [peer, progress] of Object.entries(status.progress ?? {})) {
    lines.push(
      `  progress ${peer}: ${progress.state} match=${progress.match} next=${progress.next} inflight=${progress.inflightMessages}`,
    );
  }
  return lines;
}
