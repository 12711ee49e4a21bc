/**
 * The history contract (`history.jsonl`, DESIGN.md "Histories"). The first line is a header,
 * then one record per line. Times are nanoseconds since the run started.
 */

export type ModelName = "register" | "cas-register" | "kv" | "kv-unpartitioned";

export interface HistoryHeader {
  formatVersion: 1;
  raftctlVersion: string;
  scenario: string;
  seed: number;
  mode: "sim" | "process";
  model: ModelName;
}

export type OperationFunction = "read" | "write" | "cas" | "get" | "put" | "append";

/** A value in a history: a string or number written, a [from, to] pair for cas, or null (never written). */
export type HistoryValue = string | number | null | [HistoryValue, HistoryValue];

export interface ClientRecord {
  index: number;
  type: "invoke" | "ok" | "fail" | "info";
  /** The client's process number; a client that got `info` continues under a new one. */
  process: number;
  f: OperationFunction;
  key: string;
  value: HistoryValue;
  timeNs: number;
  /** On a cas `ok`: false when the state machine evaluated the cas and refused it. */
  applied?: boolean;
  /** On `fail` and `info`: why. */
  error?: string;
}

export interface NemesisRecord {
  index: number;
  type: "info";
  process: "nemesis";
  /** The fault, e.g. "partition", "crash", "network". */
  f: string;
  /** Its targets and parameters, as the nemesis resolved them. */
  value: unknown;
  timeNs: number;
  endNs: number;
}

export type HistoryRecord = ClientRecord | NemesisRecord;
