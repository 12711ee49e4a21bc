import type { ClientRecordInput } from "../../history/writer.js";

/**
 * Asserts the DESIGN.md history contract over client records and returns the problems found:
 * times never go back; each process alternates invoke and completion (one operation at a time);
 * a completion repeats its invoke's f and key; an `info` ends its process for good; a cas `ok`
 * carries `applied`; `fail` and `info` carry `error`.
 */
export function historyContractProblems(records: readonly ClientRecordInput[]): string[] {
  const problems: string[] = [];
  const open = new Map<number, ClientRecordInput>();
  const ended = new Set<number>();
  let lastTimeNs = 0;
  for (const [position, record] of records.entries()) {
    const where = `record ${position} (process ${record.process})`;
    if (record.timeNs < lastTimeNs) problems.push(`${where}: time went back`);
    lastTimeNs = record.timeNs;
    if (ended.has(record.process)) problems.push(`${where}: the process continued after an info`);
    const invoke = open.get(record.process);
    if (record.type === "invoke") {
      if (invoke !== undefined) problems.push(`${where}: a second invoke while one is open`);
      open.set(record.process, record);
      continue;
    }
    if (invoke === undefined) {
      problems.push(`${where}: a completion with no invoke`);
      continue;
    }
    open.delete(record.process);
    if (invoke.f !== record.f || invoke.key !== record.key)
      problems.push(`${where}: f or key differs from its invoke`);
    if (record.type === "info") ended.add(record.process);
    if (record.type !== "ok" && record.error === undefined)
      problems.push(`${where}: ${record.type} without error`);
    if (record.type === "ok" && record.f === "cas" && record.applied === undefined)
      problems.push(`${where}: cas ok without applied`);
  }
  return problems;
}
