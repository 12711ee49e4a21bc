import type { HistoryValue, OperationFunction } from "../history/types.js";
import type { KvRequest } from "../raft/kv/requests.js";
import type { KeyState } from "./key-pool.js";
import { kvToken, registerWireValue } from "./values.js";

/** An operation about to be invoked: what the history records and what goes on the wire. */
export interface PlannedOperation {
  f: OperationFunction;
  key: KeyState;
  /** The invoke record's value: null for reads, the value written, [from, to] for cas. */
  value: HistoryValue;
  request: KvRequest;
  /** Whether it changes state: a lost answer then leaves it open (`info`), not `fail`. */
  mutating: boolean;
}

/** Plans `f` on `key` for the client in `slot`, taking a fresh write value where it writes. */
export function planOperation(f: OperationFunction, key: KeyState, slot: number): PlannedOperation {
  const name = key.name;
  switch (f) {
    case "read":
    case "get":
      return { f, key, value: null, request: { f: "get", key: name }, mutating: false };
    case "write": {
      const value = nextWrite(key);
      return {
        f,
        key,
        value,
        request: { f: "put", key: name, value: String(value) },
        mutating: true,
      };
    }
    case "cas": {
      const from = key.lastByClient.get(slot) ?? key.lastObserved ?? null;
      const to = nextWrite(key);
      const request: KvRequest = {
        f: "cas",
        key: name,
        from: registerWireValue(from),
        to: String(to),
      };
      return { f, key, value: [from, to], request, mutating: true };
    }
    case "put":
    case "append": {
      const value = kvToken(nextWrite(key));
      return { f, key, value, request: { f, key: name, value }, mutating: true };
    }
  }
}

function nextWrite(key: KeyState): number {
  key.writes += 1;
  return key.writes;
}
