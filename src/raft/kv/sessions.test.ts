import { describe, expect, it } from "vitest";
import { SessionTable } from "./sessions.js";

const ok = { type: "ok", value: null } as const;

describe("SessionTable", () => {
  it("evicts the least recently used session, across many uses that rebuild its use order", () => {
    const table = new SessionTable(3);
    // 10,000 uses by three clients: the use queue is rebuilt several times on the way.
    for (let use = 0; use < 10_000; use++) {
      table.remember(["a", "b", "c"][use % 3] as string, { sequence: use, outcome: ok });
    }
    // Last uses: a at 9999, c at 9998, b at 9997. Refresh b; now c is the least recently used.
    table.remember("b", { sequence: 10_000, outcome: ok });
    expect(table.entries().map(([clientId]) => clientId)).toEqual(["c", "a", "b"]);
    table.remember("d", { sequence: 1, outcome: ok });
    expect(table.get("c")).toBeUndefined();
    expect(table.entries().map(([clientId]) => clientId)).toEqual(["a", "b", "d"]);
    expect(table.get("b")).toEqual({ sequence: 10_000, outcome: ok, usedAt: expect.any(Number) });
  });

  it("evicts one session per new client past the bound, oldest first", () => {
    const table = new SessionTable(2);
    for (const clientId of ["a", "b", "c", "d"]) {
      table.remember(clientId, { sequence: 1, outcome: ok });
    }
    expect(table.size).toBe(2);
    expect(table.entries().map(([clientId]) => clientId)).toEqual(["c", "d"]);
  });
});
