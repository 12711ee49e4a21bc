import type { ExactNumber } from "./exact-number.js";

/**
 * The history contract (`history.jsonl`, DESIGN.md "Histories"). The first line is a header,
 * then one record per line. Times are nanoseconds since the run started.
 */

export type ModelName = "register" | "cas-register" | "kv" | "kv-unpartitioned";

/**
 * The first line of `history.jsonl` (docs/history-format.md). New optional fields are added
 * within formatVersion 1; readers ignore keys they do not know. A history recorded by a run has
 * `scenario`, `seed` and `mode`; a history from elsewhere has `source` instead and invents none.
 */
export interface HistoryHeader {
  formatVersion: 1;
  /** The raftctl that wrote the file. */
  raftctlVersion?: string;
  scenario?: string;
  seed?: number;
  mode?: "sim" | "process";
  model: ModelName;
  /** Where a history not recorded by a raftctl run came from, e.g. "jepsen-edn history.edn". */
  source?: string;
}

export type OperationFunction = "read" | "write" | "cas" | "get" | "put" | "append";

/**
 * A value in a history: a string or number written, a [from, to] pair for cas, or null (never
 * written). Numbers are exact: a number JavaScript cannot hold as written (an integer beyond
 * 2^53, a float such as 1.0) is an ExactNumber.
 */
export type HistoryValue = string | number | ExactNumber | null | [HistoryValue, HistoryValue];

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
